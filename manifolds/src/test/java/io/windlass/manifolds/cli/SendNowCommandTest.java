package io.windlass.manifolds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.manifolds.sockets.TriggerTargets;
import io.windlass.manifolds.sockets.TriggerTargets.Trigger;
import io.windlass.spool.socket.SocketListener;
import io.windlass.spool.socket.TriggerHandler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code send-now} against a real trigger socket served as the agent's send-socket serves it. */
class SendNowCommandTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final TriggerTargets targets = new TriggerTargets();
  private SocketListener listener;

  @AfterEach
  void stop() throws Exception {
    if (listener != null) {
      listener.stopAsync().awaitTerminated(WAIT);
    }
  }

  /** Serves {@code <dataDir>/run/send.sock} as the agent's send-socket manifold does. */
  private void agent(Path dataDir) throws Exception {
    Path socket = dataDir.resolve("run").resolve("send.sock");
    Files.createDirectories(socket.getParent());
    listener =
        new SocketListener(
            socket, new TriggerHandler(connection -> targets.run(Trigger.SEND, connection)));
    listener.startAsync().awaitRunning(WAIT);
  }

  private int windlass(String... args) {
    CommandLine cli = WindlassCommand.commandLine(new WindlassCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void triggersTheSendersAndPrintsOk() throws Exception {
    Path data = dir.resolve("data");
    agent(data);
    AtomicInteger sends = new AtomicInteger();
    targets.register(Trigger.SEND, connection -> sends.incrementAndGet());

    int exit = windlass("send-now", "--data-dir", data.toString());

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    assertThat(out.toString()).isEqualTo("ok\n");
    assertThat(sends).hasValue(1);
  }

  @Test
  void findsTheDataDirectoryInTheConfig() throws Exception {
    Path data = dir.resolve("data");
    agent(data);
    targets.register(Trigger.SEND, connection -> {});
    Path config =
        Files.writeString(dir.resolve("windlass.yaml"), "agent:\n  data-dir: " + data + "\n");

    int exit = windlass("send-now", "--config", config.toString());

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    assertThat(out.toString()).isEqualTo("ok\n");
  }

  @Test
  void anAgentWithoutASenderSaysSo() throws Exception {
    Path data = dir.resolve("data");
    agent(data);

    int exit = windlass("send-now", "--data-dir", data.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("send-now: the agent answered: no sender is running\n");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aFailedSendIsReportedWithTheAgentsMessage() throws Exception {
    Path data = dir.resolve("data");
    agent(data);
    targets.register(
        Trigger.SEND,
        connection -> {
          throw new java.io.IOException("backend answered 503");
        });

    int exit = windlass("send-now", "--data-dir", data.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).startsWith("send-now: the agent answered: ").contains("503");
  }

  @Test
  void withoutASocketNoAgentIsRunning() {
    Path data = dir.resolve("data");

    int exit = windlass("send-now", "--data-dir", data.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "send-now: no agent is running: "
                + data.resolve("run/send.sock")
                + " does not exist\n");
  }

  @Test
  void aSocketNobodyServesMeansNoAgentIsRunning() throws Exception {
    Path socket = Files.createDirectories(dir.resolve("data/run")).resolve("send.sock");
    try (org.newsclub.net.unix.AFUNIXServerSocket server =
        org.newsclub.net.unix.AFUNIXServerSocket.newInstance()) {
      server.setDeleteOnClose(false);
      server.bind(org.newsclub.net.unix.AFUNIXSocketAddress.of(socket));
    }
    assertThat(socket).as("left behind, as by an agent that was killed").exists();

    int exit = windlass("send-now", "--data-dir", dir.resolve("data").toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("send-now: no agent is running: " + socket + " refuses connections");
  }

  @Test
  void anInvalidConfigIsReported() throws Exception {
    Path config = Files.writeString(dir.resolve("windlass.yaml"), "agent:\n  dta-dir: x\n");

    int exit = windlass("send-now", "--config", config.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("agent.dta-dir");
  }

  @Test
  void aNonPositiveTimeoutIsAUsageError() {
    assertThat(windlass("send-now", "--timeout", "0s")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("--timeout must be > 0");
  }
}
