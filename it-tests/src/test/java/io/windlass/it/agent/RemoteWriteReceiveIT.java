package io.windlass.it.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.windlass.it.backend.BackendProcess;
import io.windlass.it.backend.NodeExporterProcess;
import io.windlass.it.backend.Point;
import io.windlass.it.backend.PrometheusServer;
import io.windlass.it.backend.SeriesData;
import io.windlass.it.backend.VictoriaMetricsServer;
import io.windlass.it.backend.VmAgentProcess;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent's jar receiving Prometheus remote write from real senders and forwarding it to a real
 * VictoriaMetrics: what the sender had arrives there sample for sample, with the labels it had
 * (plus the sender's {@code agent} and {@code source}).
 *
 * <p>Prometheus 2.42 and vmagent 1.79 send remote write 1.0 only (2.0 came with Prometheus 3), so
 * 2.0 is tested with hand-encoded requests in the unit tests ({@code RemoteWriteRequestTest},
 * {@code RemoteWriteRouteTest}).
 */
class RemoteWriteReceiveIT {
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final String TAG = "rw-agent";

  @RegisterExtension final AgentExtension agents = new AgentExtension();

  private final List<BackendProcess> processes = new ArrayList<>();

  @AfterEach
  void stopProcesses() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
  }

  private <T extends BackendProcess> T started(T process) {
    processes.add(process);
    process.start();
    return process;
  }

  private WindlassAgentProcess agentForwardingTo(VictoriaMetricsServer vm) {
    return agents
        .track(new WindlassAgentProcess())
        .config(
            "agent:\n  tag: "
                + TAG
                + "\ninputs: []\nsink:\n  url: "
                + vm.remoteWriteUri()
                + "\n  interval: 200ms\n  jitter: 0s\n  timeout: 5s\n  retry-min: 100ms\n"
                + "  retry-max: 500ms\n")
        .start();
  }

  private static URI remoteWriteUri(WindlassAgentProcess agent) {
    return agent.uri("/api/v1/write");
  }

  /**
   * Prometheus scraping a node_exporter every second and remote-writing to the agent: the raw
   * samples Prometheus stored of a set of series over a window, floats and integers, are the ones
   * VictoriaMetrics has from the agent, every timestamp and every value.
   */
  @Test
  void whatPrometheusSendsArrivesInVictoriaMetricsSampleForSample() {
    VictoriaMetricsServer vm = started(new VictoriaMetricsServer());
    WindlassAgentProcess agent = agentForwardingTo(vm);
    NodeExporterProcess node = started(new NodeExporterProcess());
    PrometheusServer prometheus =
        started(
            new PrometheusServer()
                .scrapeConfigs(
                    "- job_name: node\n  static_configs: [{targets: [\""
                        + node.instance()
                        + "\"]}]\n",
                    Duration.ofSeconds(1))
                .remoteWriteTo(remoteWriteUri(agent)));
    String selector =
        "{job=\"node\",__name__=~\"up|scrape_samples_scraped|node_load1|node_memory_MemFree_bytes"
            + "|node_cpu_seconds_total|go_goroutines\"}";

    // Ten scrapes in Prometheus, then a window that ends before the last of them.
    await()
        .atMost(PATIENCE)
        .until(
            () -> prometheus.rawSamples("up{job=\"node\"}", Duration.ofMinutes(10)),
            up -> !up.isEmpty() && up.get(0).points().size() >= 10);
    Instant end = Instant.now().minusSeconds(2);
    Map<String, List<Point>> sent =
        byLabels(prometheus.rawSamples(selector, Duration.ofMinutes(10), end));
    assertThat(sent).as("series Prometheus has").hasSizeGreaterThan(6);
    assertThat(sent.values().stream().mapToInt(List::size).sum())
        .as("samples Prometheus has")
        .isGreaterThan(60);

    Instant start = end.minus(Duration.ofMinutes(10));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              Map<String, List<Point>> arrived =
                  byLabels(merged(vm.export(selector, start, end.plusSeconds(1)), end));
              assertThat(arrived.keySet()).isEqualTo(sent.keySet());
              arrived.forEach(
                  (series, points) -> assertThat(points).as(series).isEqualTo(sent.get(series)));
            });
    assertThat(agentSeriesLabels(vm, selector))
        .as("every series carries the agent's labels")
        .containsOnly(Map.of("agent", TAG, "source", "push:remote-write"));
  }

  /**
   * vmagent 1.79 forwarding to the agent ({@code -remoteWrite.url}): every sample pushed into
   * vmagent arrives in VictoriaMetrics through the agent, once, with its value and timestamp.
   */
  @Test
  void whatVmagentSendsArrivesInVictoriaMetricsSampleForSample() throws Exception {
    VictoriaMetricsServer vm = started(new VictoriaMetricsServer());
    WindlassAgentProcess agent = agentForwardingTo(vm);
    VmAgentProcess vmagent =
        started(
            new VmAgentProcess(remoteWriteUri(agent))
                .extraArgs("-remoteWrite.flushInterval=200ms"));

    long first = Instant.now().minus(Duration.ofMinutes(30)).toEpochMilli();
    int requests = 10;
    int series = 40;
    int timestamps = 5;
    for (int r = 0; r < requests; r++) {
      // 10 requests × 40 series × 5 timestamps, 1 s apart: 2,000 samples with distinct values.
      var answer =
          Push.post(
              vmagent.importPrometheusUri(),
              Push.body("via_vmagent", series, first + r * timestamps * 1000L, 1000, timestamps));
      assertThat(answer.status()).as(answer.body()).isEqualTo(204);
    }
    Map<String, List<Point>> expected = new TreeMap<>();
    for (int r = 0; r < requests; r++) {
      for (int j = 0; j < timestamps; j++) {
        long time = first + (r * timestamps + j) * 1000L;
        for (int i = 0; i < series; i++) {
          expected
              .computeIfAbsent("via_vmagent{series=\"s" + i + "\"}", k -> new ArrayList<>())
              .add(new Point(time, i * 1000.0 + j));
        }
      }
    }

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              Map<String, List<Point>> arrived = new TreeMap<>();
              for (SeriesData data : vm.exportMerged("{__name__=\"via_vmagent\"}")) {
                arrived.put(
                    "via_vmagent{series=\"" + data.labels().get("series") + "\"}", data.points());
              }
              assertThat(arrived).isEqualTo(expected);
            });
    assertThat(agentSeriesLabels(vm, "{__name__=\"via_vmagent\"}"))
        .containsOnly(Map.of("agent", TAG, "source", "push:remote-write"));
  }

  /** Series (labels without the agent's {@code agent} and {@code source}) to their points. */
  private static Map<String, List<Point>> byLabels(List<SeriesData> series) {
    Map<String, List<Point>> byLabels = new TreeMap<>();
    for (SeriesData data : series) {
      Map<String, String> labels = new TreeMap<>(data.labels());
      labels.remove("agent");
      labels.remove("source");
      byLabels.put(labels.toString(), data.points());
    }
    return byLabels;
  }

  /** The export's lines merged per series, points sorted by time and up to {@code end}. */
  private static List<SeriesData> merged(List<SeriesData> lines, Instant end) {
    Map<Map<String, String>, List<Point>> merged = new HashMap<>();
    for (SeriesData line : lines) {
      merged.computeIfAbsent(line.labels(), l -> new ArrayList<>()).addAll(line.points());
    }
    List<SeriesData> series = new ArrayList<>();
    merged.forEach(
        (labels, points) ->
            series.add(
                new SeriesData(
                    labels,
                    points.stream()
                        .filter(p -> p.timestampMillis() <= end.toEpochMilli())
                        .sorted(java.util.Comparator.comparingLong(Point::timestampMillis))
                        .toList())));
    return series;
  }

  /** The distinct {@code agent} and {@code source} labels of the series {@code selector} finds. */
  private static List<Map<String, String>> agentSeriesLabels(
      VictoriaMetricsServer vm, String selector) {
    return vm.series(selector).stream()
        .map(labels -> Map.of("agent", labels.get("agent"), "source", labels.get("source")))
        .distinct()
        .toList();
  }
}
