package io.windlass.manifolds.cli;

import io.windlass.manifolds.config.ConfigException;
import io.windlass.manifolds.sockets.SocketManifoldModule;
import io.windlass.spool.socket.TriggerClient;
import io.windlass.spool.socket.TriggerException;
import io.windlass.spool.socket.UnreachableSocketException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code windlass send-now}: asks a running agent to send its spool now, through its trigger socket
 * {@code <data-dir>/run/send.sock} (Juju's {@code send-metrics}), and prints what it answered.
 *
 * <p>Exit 0 with {@code ok} on standard output when the agent's senders ran and succeeded. Exit 1,
 * with a message on standard error, when no agent is running (the socket is missing or refuses
 * connections), when this user may not use the socket ({@code permission denied: <socket> (...)}:
 * the socket's or its directory's mode keeps it out, or the agent refused it), when the agent runs
 * no sender ({@code no sender is running}), when a send failed (the agent's message), or when no
 * answer came within {@code --timeout}. Bad options exit 2.
 */
@Command(
    name = "send-now",
    mixinStandardHelpOptions = true,
    versionProvider = WindlassVersion.class,
    description = "Makes the running agent send its spool now, and prints its answer.")
public final class SendNowCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin DataDirOptions location = new DataDirOptions();

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "How long to wait to connect and for the answer (default: ${DEFAULT-VALUE}).")
  Duration timeout = Duration.ofSeconds(30);

  @Override
  public Integer call() {
    if (timeout.isZero() || timeout.isNegative()) {
      throw new ParameterException(spec.commandLine(), "--timeout must be > 0");
    }
    PrintWriter err = spec.commandLine().getErr();
    Path socket;
    try {
      socket = location.runFile(SocketManifoldModule.SEND_SOCKET_FILE);
    } catch (ConfigException e) {
      err.println(e.getMessage());
      err.flush();
      return 1;
    }
    String failure = trigger(socket);
    if (failure != null) {
      err.println("send-now: " + failure);
      err.flush();
      return 1;
    }
    spec.commandLine().getOut().println("ok");
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** Triggers the socket; null when the agent answered ok, else what went wrong. */
  private @Nullable String trigger(Path socket) {
    try {
      TriggerClient.trigger(socket, timeout);
      return null;
    } catch (UnreachableSocketException e) {
      return e.getMessage();
    } catch (TriggerException e) {
      return "the agent answered: " + e.getMessage();
    } catch (SocketTimeoutException e) {
      return "no answer from " + socket + " within " + timeout;
    } catch (IOException e) {
      return "cannot reach the agent at " + socket + ": " + e.getMessage();
    }
  }
}
