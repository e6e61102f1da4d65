package io.windlass.it.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.windlass.it.backend.BackendExtension;
import io.windlass.it.backend.PrometheusServer;
import io.windlass.it.backend.SeriesData;
import io.windlass.it.backend.VectorSample;
import io.windlass.it.backend.VictoriaMetricsServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent's jar run as users run it, forwarding to real Prometheus and VictoriaMetrics servers:
 * what arrives, with which labels, and that nothing acknowledged is lost or doubled when the
 * backend goes away, when the agent is SIGKILLed mid-send, or when the backend rejects a batch; and
 * that a SIGKILLed agent's extracted native library does not outlive its next start.
 */
class AgentForwardingIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String TAG = "e2e-agent";

  @RegisterExtension
  final BackendExtension<PrometheusServer> prometheus =
      new BackendExtension<>(PrometheusServer::new);

  @RegisterExtension
  final BackendExtension<VictoriaMetricsServer> victoria =
      new BackendExtension<>(VictoriaMetricsServer::new);

  @RegisterExtension final AgentExtension agents = new AgentExtension();

  private WindlassAgentProcess agent;

  /** Starts an agent with no inputs that sends to {@code sink}, as {@link #config} says. */
  private WindlassAgentProcess startSendingTo(java.net.URI sink) {
    return agents.track(new WindlassAgentProcess()).config(config("[]", sink)).start();
  }

  /** The agent's config: the given inputs, sending every 200 ms in requests of 1,000 samples. */
  private static String config(String inputs, java.net.URI sink) {
    return "agent:\n  tag: "
        + TAG
        + "\ninputs: "
        + inputs
        + "\nsink:\n  url: "
        + sink
        + "\n  interval: 200ms\n  jitter: 0s\n  timeout: 5s\n  retry-min: 100ms\n"
        + "  retry-max: 500ms\n  max-request-metrics: 1000\n";
  }

  @Test
  void hostAndAddMetricSamplesArriveInPrometheusWithTheirLabels() throws Exception {
    PrometheusServer backend = prometheus.get();
    agent =
        agents
            .track(new WindlassAgentProcess())
            .config(
                config(
                    "[{type: cpu, interval: 1s}, {type: mem, interval: 1s}]",
                    backend.remoteWriteUri()))
            .start();

    var added =
        agent.cli(
            "add-metric",
            "--data-dir=" + agent.dataDir(),
            "queue.depth=12",
            "--labels",
            "queue=mail");
    assertThat(added.exitCode()).as(added.output()).isZero();

    List<VectorSample> depth =
        await()
            .atMost(PATIENCE)
            .until(() -> backend.query("queue_depth"), samples -> !samples.isEmpty());
    assertThat(depth).hasSize(1);
    assertThat(depth.get(0).value()).isEqualTo(12.0);
    assertThat(depth.get(0).labels())
        .containsEntry("__name__", "queue_depth")
        .containsEntry("queue", "mail")
        .containsEntry("agent", TAG)
        .containsEntry("source", "local:ingest");

    List<VectorSample> host =
        await()
            .atMost(PATIENCE)
            .until(
                () -> backend.query("{source=~\"input:(cpu|mem)\"}"),
                samples ->
                    samples.stream().map(s -> s.labels().get("source")).distinct().count() == 2);
    assertThat(host).allSatisfy(s -> assertThat(s.labels()).containsEntry("agent", TAG));
    assertThat(host).allSatisfy(s -> assertThat(s.value()).isFinite());

    // A remote write sink gets node_exporter's names by default.
    List<VectorSample> idle =
        await()
            .atMost(PATIENCE)
            .until(
                () -> backend.query("node_cpu_seconds_total{mode=\"idle\",cpu=\"0\"}"),
                samples -> !samples.isEmpty());
    assertThat(idle.get(0).labels())
        .containsEntry("source", "input:cpu")
        .containsKeys("cpu", "mode");
    assertThat(idle.get(0).value()).isPositive();
    assertThat(backend.query("node_memory_MemTotal_bytes")).hasSize(1);
  }

  @Test
  void withVictoriaMetricsStoppedTheSpoolGrowsAndEverythingArrivesOnceWhenItReturns()
      throws Exception {
    VictoriaMetricsServer backend = victoria.get();
    agent = startSendingTo(backend.remoteWriteUri());
    backend.stop();

    long first = Instant.now().minus(1, ChronoUnit.HOURS).toEpochMilli();
    int requests = 20;
    for (int r = 0; r < requests; r++) {
      // 20 requests × 50 series × 10 timestamps: 10,000 samples, each acknowledged durably.
      var answer =
          Push.post(
              agent.importPrometheusUri(), Push.body("outage", 50, first + r * 10_000L, 1000, 10));
      assertThat(answer.status()).as(answer.body()).isEqualTo(204);
    }
    assertThat(agent.spooledBatches()).as("kept while the backend is down").isPositive();

    backend.restart();
    await().atMost(PATIENCE).until(() -> agent.spooledBatches() == 0);

    assertExactlyOnce(backend, "outage", 50, requests * 10);
  }

  @Test
  void theAgentSigkilledMidSendLosesNothingAndResendsOnlyBatchesNotRemoved() throws Exception {
    VictoriaMetricsServer backend = victoria.get();
    agent = startSendingTo(backend.remoteWriteUri());
    backend.stop();

    long first = Instant.now().minus(2, ChronoUnit.HOURS).toEpochMilli();
    int requests = 100;
    for (int r = 0; r < requests; r++) {
      // 100 requests × 100 series × 10 timestamps: 100,000 samples.
      var answer =
          Push.post(
              agent.importPrometheusUri(), Push.body("crash", 100, first + r * 10_000L, 1000, 10));
      assertThat(answer.status()).as(answer.body()).isEqualTo(204);
    }
    long spooled = agent.spooledBatches();
    backend.start();
    // Kill the agent once it is sending: some batches have gone, others have not.
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(5))
        .until(() -> agent.spooledBatches() < spooled);
    agent.kill();
    long left = agent.spooledBatches();
    assertThat(left).as("killed mid-send").isPositive();

    agent.start();
    await().atMost(PATIENCE).until(() -> agent.spooledBatches() == 0);

    Map<String, Integer> counts = awaitSampleCounts(backend, "crash", 100 * requests * 10);
    assertThat(counts).as("every acknowledged sample arrived").hasSize(100 * requests * 10);
    long duplicates = counts.values().stream().mapToLong(c -> c - 1).sum();
    // Up to sink.concurrency (4) requests of at most 1,000 samples were in flight when the agent
    // died, and a batch is removed once every shard has its part: only the batches not removed by
    // then (1,000 samples each) are sent again, each once.
    assertThat(duplicates)
        .as("resent at most the batches not removed")
        .isLessThanOrEqualTo(left * 1000);
  }

  @Test
  void theNativeLibraryAKilledAgentExtractedIsRemovedWhenTheAgentStartsAgain() throws Exception {
    VictoriaMetricsServer backend = victoria.get();
    agent = startSendingTo(backend.remoteWriteUri());
    long first = Instant.now().minus(1, ChronoUnit.HOURS).toEpochMilli();
    sendOnePush("native", first);
    List<Path> extracted = snappyLibraries();
    assertThat(extracted).as("snappy's library, extracted to the data directory's run/").hasSize(1);

    agent.kill();
    assertThat(snappyLibraries()).as("a killed agent cannot remove it").isEqualTo(extracted);

    agent.start();
    sendOnePush("native", first + 60_000);
    List<Path> now = snappyLibraries();
    assertThat(now)
        .as("only the restarted agent's library")
        .hasSize(1)
        .doesNotContainAnyElementsOf(extracted);
  }

  /** Pushes a request of 10 samples and waits until the agent has sent it (and so compressed). */
  private void sendOnePush(String name, long firstMillis) throws Exception {
    var answer = Push.post(agent.importPrometheusUri(), Push.body(name, 10, firstMillis, 1000, 1));
    assertThat(answer.status()).as(answer.body()).isEqualTo(204);
    await().atMost(PATIENCE).until(() -> agent.spooledBatches() == 0);
  }

  /** The native libraries snappy-java extracted into the agent's {@code run/}. */
  private List<Path> snappyLibraries() throws IOException {
    try (Stream<Path> files = Files.list(agent.dataDir().resolve("run"))) {
      return files
          .filter(file -> file.getFileName().toString().endsWith("-libsnappyjava.so"))
          .sorted()
          .toList();
    }
  }

  @Test
  void aBatchPrometheusRejectsLandsInRejectedAndBlocksNoOther() throws Exception {
    PrometheusServer backend = prometheus.get();
    agent = startSendingTo(backend.remoteWriteUri());
    long now = Instant.now().toEpochMilli();
    // Accepted first, so the head of Prometheus' TSDB is at "now".
    assertThat(Push.post(agent.importPrometheusUri(), "fresh{n=\"0\"} 1 " + now + "\n").status())
        .isEqualTo(204);
    await().atMost(PATIENCE).until(() -> !backend.query("fresh").isEmpty());

    // Three hours old: Prometheus answers 400 "out of bounds", a permanent rejection.
    long old = now - Duration.ofHours(3).toMillis();
    assertThat(Push.post(agent.importPrometheusUri(), "stale{n=\"1\"} 1 " + old + "\n").status())
        .isEqualTo(204);
    assertThat(
            Push.post(agent.importPrometheusUri(), "fresh{n=\"2\"} 2 " + (now + 1) + "\n").status())
        .isEqualTo(204);

    await().atMost(PATIENCE).until(() -> agent.rejectedBatches() == 1);
    await().atMost(PATIENCE).until(() -> backend.query("fresh").size() == 2);
    await().atMost(PATIENCE).until(() -> agent.spooledBatches() == 0);
    assertThat(backend.rawSamples("stale", Duration.ofHours(4))).isEmpty();
  }

  /** Asserts that every sample of {@code name} arrived exactly once. */
  private static void assertExactlyOnce(
      VictoriaMetricsServer backend, String name, int series, int timestamps) {
    Map<String, Integer> counts = awaitSampleCounts(backend, name, series * timestamps);
    assertThat(counts).hasSize(series * timestamps);
    assertThat(counts.values()).allMatch(c -> c == 1);
  }

  /**
   * {@link #sampleCounts} once it holds {@code expected} (series, timestamp) pairs, or after {@link
   * #PATIENCE}: VictoriaMetrics may make series it has just registered searchable a moment after it
   * acknowledged their samples (seen once: an export right after the last batch, a second after a
   * restart, found none of them, its force flush notwithstanding).
   */
  private static Map<String, Integer> awaitSampleCounts(
      VictoriaMetricsServer backend, String name, int expected) {
    AtomicReference<Map<String, Integer>> counts = new AtomicReference<>(Map.of());
    try {
      await()
          .atMost(PATIENCE)
          .until(
              () -> {
                counts.set(sampleCounts(backend, name));
                return counts.get().size() >= expected;
              });
    } catch (ConditionTimeoutException e) {
      // The assertions that follow say what is missing.
    }
    return counts.get();
  }

  /** How many times each (series, timestamp) of {@code name} is stored, from VM's raw export. */
  private static Map<String, Integer> sampleCounts(VictoriaMetricsServer backend, String name) {
    List<SeriesData> exported = backend.export(name);
    Map<String, Integer> counts = new HashMap<>();
    for (SeriesData series : exported) {
      assertThat(series.labels()).containsEntry("agent", TAG);
      for (Long time : series.timestamps()) {
        counts.merge(series.labels().get("series") + "@" + time, 1, Integer::sum);
      }
    }
    return counts;
  }
}
