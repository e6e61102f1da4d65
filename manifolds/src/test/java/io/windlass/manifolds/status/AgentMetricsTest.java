package io.windlass.manifolds.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.collector.PipelineStats;
import io.windlass.engine.EngineReport;
import io.windlass.engine.ManifoldReport;
import io.windlass.manifolds.spool.LatestSamples;
import io.windlass.manifolds.stats.AgentStats;
import io.windlass.manifolds.stats.InputState;
import io.windlass.manifolds.stats.SenderState;
import io.windlass.manifolds.stats.SpoolState;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricFactory;
import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricReader;
import io.windlass.spool.MetricRecorder;
import io.windlass.spool.MetricType;
import io.windlass.spool.SpoolStats;
import io.windlass.spool.ingest.format.Sample;
import io.windlass.spool.ingest.format.WireFormat;
import io.windlass.spool.ingest.http.IngestStats;
import io.windlass.spool.sender.SenderStats;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The exposition built from a report and typed stats made by hand, read back with the collector's
 * parser.
 */
class AgentMetricsTest {

  private static ManifoldReport manifold(String state, int starts, Map<String, Object> report) {
    return new ManifoldReport(state, List.of(), starts, null, null, report);
  }

  private static Map<String, Double> render(EngineReport report) throws Exception {
    return render(report, new AgentStats());
  }

  private static String text(EngineReport report, AgentStats stats, @Nullable String accept)
      throws Exception {
    StatusResponse response =
        AgentMetrics.response(
            AgentMetrics.render(
                report,
                stats,
                new LatestSamples(),
                new IngestStats(),
                new StatusServer.RequestCounters()),
            accept);
    return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static Map<String, Double> render(EngineReport report, AgentStats stats)
      throws Exception {
    String text = text(report, stats, null);
    return WireFormat.PROMETHEUS_TEXT.parse(text).metrics().stream()
        .collect(
            Collectors.toMap(m -> m.name() + new TreeMap<>(m.tags()), Sample::value, (a, b) -> b));
  }

  @Test
  void readsTheSendersCountersFromItsTypedStats() throws Exception {
    AgentStats stats = new AgentStats();
    stats
        .sender()
        .publish(
            () ->
                new SenderState(
                    "http://metrics.example/api/v1/write",
                    "prometheus-remote-write",
                    new SenderStats(
                        12,
                        3400,
                        0,
                        1,
                        7,
                        20,
                        2,
                        3,
                        Optional.of("503 from http://x: \"busy\""),
                        Optional.of(Instant.parse("2025-01-02T03:04:05.500Z")),
                        Optional.empty())));
    EngineReport report =
        new EngineReport("started", null, Map.of("sender", manifold("started", 3, Map.of())));

    Map<String, Double> metrics = render(report, stats);

    assertThat(metrics)
        .containsEntry("windlass_sender_sent_batches_total{}", 12.0)
        .containsEntry("windlass_sender_sent_metrics_total{}", 3400.0)
        .containsEntry("windlass_sender_rejected_batches_total{}", 1.0)
        .containsEntry("windlass_sender_requests_in_flight{}", 3.0)
        .containsEntry("windlass_sender_rejected_metrics_total{}", 7.0)
        .containsEntry("windlass_sender_failed_requests_total{}", 2.0)
        .containsEntry("windlass_sender_retry_at_timestamp_seconds{}", 1735787045.5)
        .containsEntry(
            "windlass_sender_info{sink=http://metrics.example/api/v1/write,"
                + " type=prometheus-remote-write}",
            1.0)
        .containsEntry("windlass_sender_last_error_info{error=503 from http://x: \"busy\"}", 1.0)
        .containsEntry("windlass_manifold_restarts_total{manifold=sender}", 2.0)
        .containsEntry("windlass_manifold_up{manifold=sender}", 1.0);
  }

  @Test
  void leavesOutTheSenderWithoutOneAndReadsTheSpoolAndCollectorStats() throws Exception {
    AgentStats stats = new AgentStats();
    stats
        .spool()
        .publish(
            () ->
                new SpoolState(
                    Path.of("/data/spool"),
                    new SpoolStats(
                        2048,
                        3,
                        Duration.ofSeconds(120),
                        5,
                        50,
                        2,
                        Map.of("max-age", 1L, "max-bytes", 0L),
                        Map.of("max-bytes", 4L),
                        3,
                        0,
                        0,
                        5,
                        Map.of("symlink", 2L, "too-large", 1L),
                        Map.of("not-a-file", 1L)),
                    4096));
    stats
        .inputs()
        .publish(
            () ->
                Map.of(
                    "cpu",
                    new InputState(
                        "cpu",
                        Duration.ofSeconds(10),
                        "running",
                        new PipelineStats(9, 0, 1, 0, 0, 0, 8, 0))));
    EngineReport report =
        new EngineReport(
            "started",
            null,
            Map.of(
                "spool", manifold("started", 1, Map.of()),
                "collector", manifold("starting", 0, Map.of())));

    Map<String, Double> metrics = render(report, stats);

    assertThat(metrics)
        .containsEntry("windlass_spool_bytes{}", 2048.0)
        .containsEntry("windlass_spool_max_bytes{}", 4096.0)
        .containsEntry("windlass_spool_batches{}", 3.0)
        .containsEntry("windlass_spool_oldest_batch_age_seconds{}", 120.0)
        .containsEntry("windlass_spool_published_metrics_total{}", 50.0)
        .containsEntry("windlass_spool_removed_batches_total{}", 2.0)
        .containsEntry("windlass_spool_dropped_batches_total{reason=max-age}", 1.0)
        .containsEntry("windlass_spool_rejected_total{reason=max-bytes}", 4.0)
        .containsEntry("windlass_spool_quarantined_entries_total{reason=symlink}", 2.0)
        .containsEntry("windlass_spool_quarantined_entries_total{reason=too-large}", 1.0)
        .containsEntry("windlass_spool_skipped_entries_total{reason=not-a-file}", 1.0)
        .containsEntry("windlass_spool_orphans_removed_total{}", 3.0)
        .containsEntry("windlass_collector_runs_total{input=cpu, type=cpu}", 9.0)
        .containsEntry("windlass_collector_errors_total{input=cpu, type=cpu}", 1.0)
        .containsEntry("windlass_collector_batches_total{input=cpu, type=cpu}", 8.0)
        .containsEntry("windlass_manifold_up{manifold=collector}", 0.0)
        .containsEntry("windlass_manifold_restarts_total{manifold=collector}", 0.0)
        .containsEntry("windlass_healthy{}", 0.0);
    assertThat(metrics.keySet()).noneMatch(name -> name.startsWith("windlass_sender_"));
  }

  /**
   * Covers a bug where an agent without a sink showed {@code
   * windlass_manifold_up{manifold="sender"} 0}: its sender completes at once by design and is not
   * down.
   */
  @Test
  void aWorkerThatCompletedByDesignIsUpAndSaysItCompleted() throws Exception {
    EngineReport report =
        new EngineReport(
            "started",
            null,
            Map.of(
                "sender", manifold("stopped", 1, Map.of()),
                "spool",
                    new ManifoldReport(
                        "stopped", List.of(), 1, null, "cannot open /data/spool", Map.of()),
                "status", manifold("started", 1, Map.of())));

    Map<String, Double> metrics = render(report);

    assertThat(metrics)
        .containsEntry("windlass_manifold_up{manifold=sender}", 1.0)
        .containsEntry("windlass_manifold_completed{manifold=sender}", 1.0)
        .containsEntry("windlass_manifold_up{manifold=spool}", 0.0)
        .containsEntry("windlass_manifold_completed{manifold=spool}", 0.0)
        .containsEntry("windlass_manifold_up{manifold=status}", 1.0)
        .containsEntry("windlass_manifold_completed{manifold=status}", 0.0);
  }

  @Test
  void theFormatIsPrometheusTextUnlessTheScraperAsksForOpenMetrics() throws Exception {
    AgentStats stats = new AgentStats();
    stats
        .sender()
        .publish(
            () ->
                new SenderState(
                    "http://m/w",
                    "json",
                    new SenderStats(
                        2,
                        20,
                        0,
                        0,
                        0,
                        2,
                        0,
                        0,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty())));
    EngineReport report =
        new EngineReport("started", null, Map.of("sender", manifold("started", 1, Map.of())));

    StatusResponse plain =
        AgentMetrics.response(
            AgentMetrics.render(
                report,
                stats,
                new LatestSamples(),
                new IngestStats(),
                new StatusServer.RequestCounters()),
            "text/plain");
    String openMetrics =
        text(
            report,
            stats,
            "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");

    assertThat(plain.contentType()).startsWith("text/plain; version=0.0.4");
    assertThat(new String(plain.body(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("# TYPE windlass_sender_sent_metrics_total counter\n")
        .contains("windlass_sender_sent_metrics_total 20.0\n")
        .contains("# TYPE windlass_sender_info gauge\n")
        .contains("windlass_sender_info{sink=\"http://m/w\",type=\"json\"} 1\n")
        .doesNotContain("# EOF");
    assertThat(openMetrics)
        .contains("# TYPE windlass_sender_sent_metrics counter\n")
        .contains("windlass_sender_sent_metrics_total 20.0\n")
        .contains("# TYPE windlass_sender info\n")
        .endsWith("# EOF\n");
  }

  @Test
  void writesTheTypeAndHelpTheBatchesDescribedForTheLatestSamples() throws Exception {
    LatestSamples latest = new LatestSamples();
    MetricFactory nowhere =
        new MetricFactory() {
          @Override
          public MetricRecorder recorder(
              DeclaredMetrics declared, String charmUrl, String unitTag) {
            return new MetricRecorder() {
              @Override
              public void addMetric(
                  String key,
                  String value,
                  Instant created,
                  @Nullable Map<String, String> labels) {}

              @Override
              public boolean isDeclaredMetric(String key) {
                return true;
              }

              @Override
              public void close() {}
            };
          }

          @Override
          public MetricReader reader() {
            throw new UnsupportedOperationException();
          }
        };
    Instant now = Instant.now();
    try (MetricRecorder recorder =
        latest.tee(nowhere).recorder(DeclaredMetrics.any(), "push:prometheus", "agent-1")) {
      recorder.describe(new MetricFamily("requests", MetricType.COUNTER, "Requests served.", ""));
      recorder.describe(new MetricFamily("latency", MetricType.HISTOGRAM, "Latency.", "seconds"));
      recorder.addMetric("requests_total", "3", now, Map.of());
      recorder.addMetric("latency_count", "2", now, Map.of());
      recorder.addMetric("plain", "1", now, Map.of());
    }

    String text = Federation.render(latest);

    assertThat(text)
        .contains("# HELP requests_total Requests served.\n# TYPE requests_total counter\n")
        .contains("# HELP latency_count Latency.\n# TYPE latency_count untyped\n")
        .contains("# TYPE plain gauge\n")
        .doesNotContain("# HELP plain");
  }
}
