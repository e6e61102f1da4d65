package io.windlass.manifolds.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.windlass.manifolds.config.ConfigException;
import io.windlass.spool.ingest.socket.IngestClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code windlass add-metric}: records metrics in a running agent's spool through its ingest
 * socket, {@code <data-dir>/run/ingest.sock}, and returns once they are durable.
 *
 * <ul>
 *   <li>{@code add-metric [--labels k=v,...] key=value ...} sends one request with every metric
 *       given; they share the labels. Exit 0 when the agent stored them; otherwise the agent's
 *       message on standard error and exit 1.
 *   <li>{@code add-metric -} sends every line of standard input as one request, pipelined (the text
 *       form or the JSON form of the ingest protocol; see {@link io.windlass.spool.ingest}). Each
 *       rejected line is reported on standard error with its line number, the agent's message and
 *       the line; then a count. Exit 1 if any line was rejected, 0 otherwise.
 * </ul>
 *
 * <p>The data directory is {@code --data-dir}, else {@code agent.data-dir} from {@code --config},
 * else {@code ./windlass-data}, as for {@code run}; a relative one is taken from the current
 * directory. If no agent is running (the socket is missing or refuses connections) the command says
 * so and exits 1. Bad options exit 2.
 */
@Command(
    name = "add-metric",
    mixinStandardHelpOptions = true,
    versionProvider = WindlassVersion.class,
    description = {
      "Records metrics in a running agent's spool and waits until they are durable.",
      "With '-', sends each line of standard input as one request (key=value ... [--labels"
          + " k=v,...] or a JSON object) and reports every rejected line."
    })
public final class AddMetricCommand implements Callable<Integer> {

  /** Where the ingest socket is, under the data directory. */
  public static final Path SOCKET = Path.of("run", "ingest.sock");

  /** How much of a rejected request line is echoed. */
  static final int ECHO_LIMIT = 200;

  @Spec CommandSpec spec;

  @Mixin DataDirOptions location = new DataDirOptions();

  @Option(
      names = "--labels",
      paramLabel = "K=V[,K=V...]",
      description = "Labels of every metric given.")
  @Nullable String labels;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "How long to wait to connect, and for each reply (default: ${DEFAULT-VALUE}).")
  Duration timeout = IngestClient.DEFAULT_TIMEOUT;

  @Parameters(
      paramLabel = "KEY=VALUE",
      arity = "1..*",
      description = "The metrics, or '-' to read requests from standard input.")
  List<String> metrics = new ArrayList<>();

  private final InputStream stdin;

  /** A command reading standard input. */
  public AddMetricCommand() {
    this(System.in);
  }

  /** A command reading {@code stdin} for {@code -}. */
  public AddMetricCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public Integer call() {
    if (timeout.isZero() || timeout.isNegative()) {
      throw new ParameterException(spec.commandLine(), "--timeout must be > 0");
    }
    boolean fromStdin = metrics.contains("-");
    if (fromStdin && metrics.size() > 1) {
      throw new ParameterException(
          spec.commandLine(),
          "'-' reads every request from standard input: give no metrics with it");
    }
    if (fromStdin && labels != null) {
      throw new ParameterException(
          spec.commandLine(), "--labels applies to metrics given as arguments, not to '-'");
    }
    PrintWriter err = spec.commandLine().getErr();
    Path socket;
    try {
      socket = location.dataDirectory().resolve(SOCKET);
    } catch (ConfigException e) {
      err.println(e.getMessage());
      err.flush();
      return 1;
    }
    try {
      return fromStdin ? sendStdin(socket, err) : sendArguments(socket, err);
    } catch (IOException e) {
      err.println("add-metric: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  private int sendArguments(Path socket, PrintWriter err) throws IOException {
    StringBuilder line = new StringBuilder();
    for (String metric : metrics) {
      requireNoBlanks(metric);
      line.append(line.length() == 0 ? "" : " ").append(metric);
    }
    if (labels != null) {
      requireNoBlanks(labels);
      line.append(" --labels ").append(labels);
    }
    String reply = IngestClient.send(socket, line.toString(), timeout);
    if (IngestClient.isOk(reply)) {
      return 0;
    }
    err.println("add-metric: " + IngestClient.errorMessage(reply));
    err.flush();
    return 1;
  }

  private void requireNoBlanks(String argument) {
    for (int i = 0; i < argument.length(); i++) {
      if (Character.isWhitespace(argument.charAt(i))) {
        throw new ParameterException(
            spec.commandLine(),
            "'"
                + argument
                + "' holds a blank, which the key=value form cannot carry; send a JSON request"
                + " with '-' instead");
      }
    }
  }

  private int sendStdin(Path socket, PrintWriter err) throws IOException {
    BufferedReader lines = new BufferedReader(new InputStreamReader(stdin, UTF_8), 64 * 1024);
    long[] rejected = new long[1];
    long sent =
        IngestClient.pipeline(
            socket,
            lines,
            (number, request, reply) -> {
              if (!IngestClient.isOk(reply)) {
                rejected[0]++;
                err.println(
                    "line "
                        + number
                        + ": "
                        + IngestClient.errorMessage(reply)
                        + ": "
                        + echo(request));
              }
            },
            timeout);
    if (rejected[0] == 0) {
      err.flush();
      return 0;
    }
    err.println("add-metric: " + rejected[0] + " of " + sent + " lines rejected");
    err.flush();
    return 1;
  }

  private static String echo(String request) {
    return request.length() <= ECHO_LIMIT ? request : request.substring(0, ECHO_LIMIT) + "...";
  }
}
