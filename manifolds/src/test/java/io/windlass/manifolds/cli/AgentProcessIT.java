package io.windlass.manifolds.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.windlass.engine.EngineConfig;
import io.windlass.spool.Metric;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.ReadOnlySpool;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The real agent as a child JVM ({@code java -cp <test class path> …Main run}), stopped the way a
 * service manager stops it: SIGTERM ({@link Process#destroy()} on Linux).
 */
class AgentProcessIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The stop timeout of the engine {@code run} builds: how long SIGTERM may take. */
  private static final Duration STOP_TIMEOUT = EngineConfig.defaults().stopTimeout();

  /** JVM start-up and the first start of every manifold, on a busy machine. */
  private static final Duration START_WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;

  private Process agent;

  @AfterEach
  void killTheAgent() throws InterruptedException {
    if (agent != null && agent.isAlive()) {
      agent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private int windlass(StringWriter err, String... args) {
    CommandLine cli = WindlassCommand.commandLine(new WindlassCommand());
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void sigtermStopsTheAgentWithinTheStopTimeoutAndLeavesUnsentBatchesInTheSpool() throws Exception {
    Path data = dir.resolve("data");
    // No inputs, so the spool holds only what this test adds; a free status port, if any.
    Path config =
        Files.writeString(
            dir.resolve("windlass.yaml"), "inputs: []\nstatus:\n  listen: 127.0.0.1:9\n");
    Path stdout = dir.resolve("stdout.txt");
    Path stderr = dir.resolve("stderr.jsonl");
    agent =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "run",
                "--config",
                config.toString(),
                "--data-dir",
                data.toString(),
                "--listen",
                "127.0.0.1:0",
                "--log-format",
                "json")
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    Path ingest = data.resolve("run").resolve("ingest.sock");
    await()
        .atMost(START_WAIT)
        .failFast("the agent exited", () -> !agent.isAlive())
        .until(() -> Files.exists(ingest) && Files.readString(stdout, UTF_8).contains("sink:"));
    String statusUrl = Files.readString(data.resolve("run").resolve("status.url"), UTF_8).strip();

    for (String metric : List.of("pings=1", "pings=2", "temp=21.5")) {
      StringWriter err = new StringWriter();
      assertThat(windlass(err, "add-metric", "--data-dir", data.toString(), metric))
          .as("add-metric %s: %s", metric, err)
          .isZero();
    }
    long signalled = System.nanoTime();
    agent.destroy();
    boolean exited = agent.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - signalled);

    assertThat(exited).as("exited within the stop timeout %s", STOP_TIMEOUT).isTrue();
    assertThat(agent.exitValue()).as("the JVM's status for SIGTERM; took %s", took).isEqualTo(143);
    List<MetricBatch> batches = new ArrayList<>();
    ReadOnlySpool spool = ReadOnlySpool.of(data.resolve("spool"));
    for (ReadOnlySpool.BatchSummary summary : spool.list().batches()) {
      batches.add(spool.read(summary.uuid()).orElseThrow());
    }
    assertThat(batches)
        .as("one durable batch per add-metric, unsent")
        .hasSize(3)
        .flatExtracting(MetricBatch::metrics)
        .extracting(Metric::key, Metric::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("pings", "1"),
            org.assertj.core.groups.Tuple.tuple("pings", "2"),
            org.assertj.core.groups.Tuple.tuple("temp", "21.5"));
    assertThat(ingest).as("sockets removed on the way out").doesNotExist();

    List<String> all = Files.readAllLines(stdout, UTF_8);
    // Logback may print its own status first (the test class path has two logback-test.xml).
    int first = 0;
    while (first < all.size() && !all.get(first).startsWith("windlass ")) {
      first++;
    }
    List<String> printed = all.subList(first, all.size());
    assertThat(all).noneMatch(line -> line.startsWith("{"));
    assertThat(printed)
        .as("a few lines for a person, no JSON report")
        .hasSize(5)
        .noneMatch(line -> line.startsWith("{"));
    assertThat(printed.get(0)).startsWith("windlass ").contains(" running, ");
    assertThat(printed.get(1)).startsWith("data:    " + data.toAbsolutePath());
    assertThat(statusUrl)
        .as("--listen 127.0.0.1:0 over the config's port 9")
        .matches("http://127\\.0\\.0\\.1:\\d+/")
        .isNotEqualTo("http://127.0.0.1:9/");
    assertThat(printed.get(2)).isEqualTo("console: " + statusUrl);
    assertThat(printed.get(3)).startsWith("sink:    none");
    assertThat(printed.get(4)).isEqualTo("stopped");
    List<JsonNode> logs = new ArrayList<>();
    for (String line : Files.readAllLines(stderr, UTF_8)) {
      logs.add(JSON.readTree(line));
    }
    assertThat(logs)
        .as("every log line is a JSON object")
        .isNotEmpty()
        .allSatisfy(event -> assertThat(event.isObject()).isTrue())
        .anySatisfy(
            event ->
                assertThat(event.path("formattedMessage").asText())
                    .startsWith("shutting down: stopping the engine"));
  }
}
