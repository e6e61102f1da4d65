package io.windlass.manifolds.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.Metric;
import io.windlass.spool.MetricKind;
import io.windlass.spool.MetricReader;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.ingest.socket.IngestHandler;
import io.windlass.spool.socket.LineConnectionHandler;
import io.windlass.spool.socket.SocketListener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code add-metric} against a real ingest listener and spool in this process. */
class AddMetricCommandTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private SpoolDirectory spool;
  private SocketListener listener;

  @AfterEach
  void stop() throws Exception {
    if (listener != null) {
      listener.stopAsync().awaitTerminated(WAIT);
    }
    if (spool != null) {
      spool.close();
    }
  }

  /** Serves {@code <dataDir>/run/ingest.sock} as the agent would. */
  private void agent(Path dataDir) throws Exception {
    spool = SpoolDirectory.open(dataDir.resolve("spool"));
    DeclaredMetrics declared =
        DeclaredMetrics.of(Map.of("pings", MetricKind.COUNTER, "temp", MetricKind.GAUGE));
    Path socket = dataDir.resolve("run").resolve("ingest.sock");
    Files.createDirectories(socket.getParent());
    listener =
        new SocketListener(
            socket,
            new LineConnectionHandler(
                new IngestHandler(spool, declared, "agent-t", Clock.systemUTC())));
    listener.startAsync().awaitRunning(WAIT);
  }

  private int windlass(InputStream stdin, String... args) {
    CommandLine cli =
        WindlassCommand.commandLine(
            new WindlassCommand(),
            new CommandLine.IFactory() {
              @Override
              public <K> K create(Class<K> type) throws Exception {
                if (type == AddMetricCommand.class) {
                  return type.cast(new AddMetricCommand(stdin));
                }
                return CommandLine.defaultFactory().create(type);
              }
            });
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private int windlass(String... args) {
    return windlass(InputStream.nullInputStream(), args);
  }

  private List<Metric> stored() throws IOException {
    try (MetricReader reader = spool.reader()) {
      return reader.read().stream()
          .flatMap(batch -> batch.metrics().stream())
          .collect(Collectors.toList());
    }
  }

  @Test
  void metricsGivenAsArgumentsAreStoredWithTheirLabels() throws Exception {
    Path data = dir.resolve("d");
    agent(data);

    int code =
        windlass(
            "add-metric",
            "--data-dir",
            data.toString(),
            "pings=3",
            "temp=-2.5",
            "--labels",
            "zone=a,host=h1");

    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).isEmpty();
    assertThat(stored())
        .extracting(Metric::key, Metric::value, Metric::labels)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("pings", "3", Map.of("host", "h1", "zone", "a")),
            org.assertj.core.groups.Tuple.tuple("temp", "-2.5", Map.of("host", "h1", "zone", "a")));
  }

  @Test
  void aRejectedRequestPrintsTheAgentsMessageAndExitsOne() throws Exception {
    Path data = dir.resolve("d");
    agent(data);

    int code = windlass("add-metric", "--data-dir", data.toString(), "pings=3", "nope=1");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo("add-metric: metric key \"nope\" is not declared by local:ingest");
    assertThat(stored()).isEmpty();
  }

  @Test
  void theDataDirectoryComesFromTheConfigWhenNotGiven() throws Exception {
    Path data = dir.resolve("from-config");
    agent(data);
    Path config =
        Files.writeString(dir.resolve("windlass.yaml"), "agent:\n  data-dir: " + data + "\n");

    assertThat(windlass("add-metric", "--config", config.toString(), "pings=1"))
        .as(err.toString())
        .isZero();
    assertThat(stored()).extracting(Metric::key).containsExactly("pings");
  }

  @Test
  void anInvalidConfigIsReportedAndExitsOne() throws Exception {
    Path config = Files.writeString(dir.resolve("windlass.yaml"), "agent:\n  dta-dir: x\n");

    assertThat(windlass("add-metric", "--config", config.toString(), "pings=1")).isEqualTo(1);
    assertThat(err.toString()).contains("dta-dir");
  }

  @Test
  void withoutARunningAgentItSaysSoAndExitsOne() throws Exception {
    Path data = dir.resolve("none");

    assertThat(windlass("add-metric", "--data-dir", data.toString(), "pings=1")).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "add-metric: no agent is running: "
                + data.resolve("run").resolve("ingest.sock")
                + " does not exist");
  }

  @Test
  void aStaleSocketFileSaysNoAgentIsRunning() throws Exception {
    Path data = dir.resolve("stale");
    Path socket = Files.createDirectories(data.resolve("run")).resolve("ingest.sock");
    try (org.newsclub.net.unix.AFUNIXServerSocket server =
        org.newsclub.net.unix.AFUNIXServerSocket.newInstance()) {
      server.setDeleteOnClose(false); // left behind, as by an agent that was killed
      server.bind(org.newsclub.net.unix.AFUNIXSocketAddress.of(socket));
    }

    assertThat(windlass("add-metric", "--data-dir", data.toString(), "pings=1")).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("add-metric: no agent is running: ")
        .contains("refuses connections");
  }

  @Test
  void standardInputSendsEveryLineAndReportsEachRejectedOne() throws Exception {
    Path data = dir.resolve("d");
    agent(data);
    String input =
        String.join(
                "\n",
                "pings=1",
                "pings=oops",
                "{\"key\":\"temp\",\"value\":-4,\"time\":\""
                    + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + "\"}",
                "{\"key\":\"temp\"",
                "temp=1 pings=2 --labels zone=b")
            + "\n";

    int code =
        windlass(
            new ByteArrayInputStream(input.getBytes(UTF_8)),
            "add-metric",
            "--data-dir",
            data.toString(),
            "-");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip().split("\\R"))
        .containsExactly(
            "line 2: metric \"pings\" value \"oops\" is not a decimal number: pings=oops",
            "line 4: bad JSON: the line ends inside the object: {\"key\":\"temp\"",
            "add-metric: 2 of 5 lines rejected");
    assertThat(stored()).extracting(Metric::value).containsExactly("1", "-4", "1", "2");
  }

  @Test
  void aLargeStandardInputFinishesWithoutDeadlockAndExitsZero() throws Exception {
    Path data = dir.resolve("d");
    agent(data);
    byte[] input =
        IntStream.range(0, 100_000)
            .mapToObj(i -> "pings=" + i + " temp=" + (i % 50 - 25) + " --labels source=bulk\n")
            .collect(Collectors.joining())
            .getBytes(UTF_8);

    int code =
        windlass(new ByteArrayInputStream(input), "add-metric", "--data-dir", data.toString(), "-");

    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).isEmpty();
    assertThat(stored()).hasSize(200_000);
  }

  @Test
  void dashTakesNoMetricsOrLabels() {
    assertThat(windlass("add-metric", "-", "pings=1")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("give no metrics with it");
    assertThat(windlass("add-metric", "--labels", "a=b", "-"))
        .isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("--labels applies to metrics given as arguments");
  }

  @Test
  void anArgumentWithABlankIsAUsageError() {
    assertThat(windlass("add-metric", "pings=1", "--labels", "path=/a b"))
        .isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("'path=/a b' holds a blank");
  }

  @Test
  void atLeastOneMetricIsRequired() {
    assertThat(windlass("add-metric")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("KEY=VALUE");
  }

  @Test
  void itIsListedAsASubcommand() {
    assertThat(windlass()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("add-metric");
  }
}
