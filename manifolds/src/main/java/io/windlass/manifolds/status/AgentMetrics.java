package io.windlass.manifolds.status;

import com.google.common.collect.ImmutableMap;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.windlass.collector.PipelineStats;
import io.windlass.engine.EngineReport;
import io.windlass.engine.ManifoldReport;
import io.windlass.manifolds.health.Health;
import io.windlass.manifolds.spool.LatestSamples;
import io.windlass.manifolds.stats.AgentStats;
import io.windlass.manifolds.stats.InputState;
import io.windlass.manifolds.stats.SenderState;
import io.windlass.manifolds.stats.SpoolState;
import io.windlass.spool.ErrorLine;
import io.windlass.spool.SpoolStats;
import io.windlass.spool.ingest.http.IngestStats;
import io.windlass.spool.ingest.http.PushFormat;
import io.windlass.spool.sender.SenderStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /metrics} serves: the agent's own metrics and nothing else ({@code windlass_...},
 * each family with {@code HELP} and {@code TYPE}, counters ending in {@code _total}), in the
 * Prometheus Java client's model, written by its writers in the format the request's {@code Accept}
 * header asks for: OpenMetrics for {@code application/openmetrics-text}, else the Prometheus text
 * format 0.0.4. The engine's part is read from the engine report's typed fields; the workers' parts
 * from their typed stats records ({@link AgentStats}: {@code SpoolStats}, {@code PipelineStats},
 * {@code SenderStats}), never from report maps by key, so a renamed report field cannot drop a
 * metric. What the agent collects and takes in pushes is served on {@code /federate} ({@link
 * Federation}): a scraper of {@code /metrics} gets no series that could meet its own {@code up} or
 * {@code scrape_*}.
 *
 * <p>The agent's own metrics, each present only when its source is:
 *
 * <ul>
 *   <li>engine: {@code windlass_healthy}; per manifold {@code windlass_manifold_up} (1 while its
 *       worker runs, and also once it has <em>completed</em>: stopped by itself without an error
 *       after running, as a sender without a sink or a disabled status server does by design, so
 *       that {@code up == 0} always means something to look at, as {@code /healthz} sees it),
 *       {@code windlass_manifold_completed} (1 for such a worker, so the two cases can still be
 *       told apart) and {@code windlass_manifold_restarts_total} (its start count less the first
 *       start);
 *   <li>spool ({@code SpoolStats}): bytes, the byte bound, batches, oldest batch age, batches and
 *       metrics published (spooled), batches removed (sent), batches dropped by reason, refusals by
 *       bound, entries quarantined and skipped by problem, data files without metadata removed;
 *   <li>collected: {@code windlass_collected_metrics_total{source}} (metrics in durable batches per
 *       source, e.g. {@code input:cpu}, {@code push:prometheus}); per collector input ({@code
 *       PipelineStats}) runs, errors, timeouts, skipped ticks, batches, batch failures and dropped
 *       metrics;
 *   <li>sent ({@code SenderStats}, when a sender runs): batches and metrics sent and rejected,
 *       failed requests, requests in flight, the sink, when the next retry is, the last error (one
 *       line, at most {@value #MAX_ERROR_LENGTH} characters: a label value must stay small);
 *   <li>pushes: requests stored and refused, samples stored and dropped by reason, per format;
 *       responses of the status server by path and code;
 *   <li>the view of latest samples that {@code /federate} serves: series held, series left out.
 * </ul>
 */
final class AgentMetrics {

  /** The longest error text shown as a label value, the ellipsis included. */
  static final int MAX_ERROR_LENGTH = ErrorLine.MAX_LENGTH;

  private AgentMetrics() {}

  /** How the exposition's format is chosen: by the request's {@code Accept} header. */
  private static final ExpositionFormats FORMATS = ExpositionFormats.init();

  /**
   * The exposition of {@code metrics} in the format {@code accept} asks for: OpenMetrics for {@code
   * application/openmetrics-text}, else the Prometheus text format 0.0.4.
   */
  static StatusResponse response(MetricSnapshots metrics, @Nullable String accept)
      throws IOException {
    ExpositionFormatWriter writer = FORMATS.findWriter(accept == null ? "" : accept);
    ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
    writer.write(body, metrics);
    return new StatusResponse(200, writer.getContentType(), body.toByteArray(), Map.of());
  }

  /** The metrics for this report, these workers' stats, view and counters. */
  static MetricSnapshots render(
      EngineReport report,
      AgentStats stats,
      LatestSamples latest,
      IngestStats ingest,
      StatusServer.RequestCounters requests) {
    AgentMetricFamilies out = new AgentMetricFamilies();
    engine(out, report);
    spool(out, stats.spool().read());
    collected(out, latest, stats.inputs().read());
    sender(out, stats.sender().read());
    pushes(out, ingest, requests);
    out.family(
            "windlass_latest_series",
            "gauge",
            "Series in the view of latest samples that /federate serves.")
        .sample("windlass_latest_series", Integer.toString(latest.size()));
    out.family(
            "windlass_latest_series_dropped_total",
            "counter",
            "Series left out of /federate because the view of latest samples was full (once per"
                + " batch that carried one).")
        .sample("windlass_latest_series_dropped_total", Long.toString(latest.seriesDropped()));
    return out.snapshots();
  }

  /**
   * Whether the manifold's worker has completed: it stopped by itself, without an error, after it
   * had run. The engine leaves such a worker stopped until an input changes; it is not down.
   */
  static boolean completed(ManifoldReport manifold) {
    return manifold.state().equals("stopped")
        && manifold.error() == null
        && manifold.startCount() > 0;
  }

  /** 1 while the manifold's worker runs or once it has {@link #completed}, else 0. */
  static boolean up(ManifoldReport manifold) {
    return manifold.state().equals("started") || completed(manifold);
  }

  private static void engine(AgentMetricFamilies out, EngineReport report) {
    out.family(
            "windlass_healthy",
            "gauge",
            "1 when every manifold that should run is running (/healthz answers 200), else 0.")
        .sample("windlass_healthy", Health.of(report).healthy() ? "1" : "0");
    out.family(
        "windlass_manifold_up",
        "gauge",
        "1 when the manifold's worker is running or has completed by design (stopped by itself"
            + " without an error), else 0.");
    report
        .manifolds()
        .forEach(
            (name, manifold) ->
                out.sample("windlass_manifold_up", "manifold", name, up(manifold) ? "1" : "0"));
    out.family(
        "windlass_manifold_completed",
        "gauge",
        "1 when the manifold's worker has completed by design: stopped by itself without an error"
            + " after running (a sender without a sink), and waits for an input to change.");
    report
        .manifolds()
        .forEach(
            (name, manifold) ->
                out.sample(
                    "windlass_manifold_completed",
                    "manifold",
                    name,
                    completed(manifold) ? "1" : "0"));
    out.family(
        "windlass_manifold_restarts_total",
        "counter",
        "Times the manifold's worker started again after its first start.");
    report
        .manifolds()
        .forEach(
            (name, manifold) ->
                out.sample(
                    "windlass_manifold_restarts_total",
                    "manifold",
                    name,
                    Integer.toString(Math.max(0, manifold.startCount() - 1))));
  }

  private static void spool(AgentMetricFamilies out, Optional<SpoolState> open) {
    if (open.isEmpty()) {
      return;
    }
    SpoolStats stats = open.get().stats();
    out.family("windlass_spool_bytes", "gauge", "Bytes of the batches in the spool.")
        .sample("windlass_spool_bytes", Long.toString(stats.bytes()));
    out.family(
            "windlass_spool_max_bytes",
            "gauge",
            "The spool's byte bound (spool.max-bytes); past it the overflow policy applies.")
        .sample("windlass_spool_max_bytes", Long.toString(open.get().maxBytes()));
    out.family("windlass_spool_batches", "gauge", "Batches in the spool.")
        .sample("windlass_spool_batches", Long.toString(stats.batches()));
    out.family(
            "windlass_spool_oldest_batch_age_seconds",
            "gauge",
            "Age of the oldest batch in the spool; 0 when it is empty.")
        .sample(
            "windlass_spool_oldest_batch_age_seconds",
            Long.toString(stats.oldestBatchAge().toSeconds()));
    counter(
        out,
        "windlass_spool_published_batches_total",
        "Batches published into the spool.",
        stats.publishedBatches());
    counter(
        out,
        "windlass_spool_published_metrics_total",
        "Metrics published into the spool (spooled).",
        stats.publishedMetrics());
    counter(
        out,
        "windlass_spool_removed_batches_total",
        "Batches removed from the spool once sent.",
        stats.removedBatches());
    byLabel(
        out,
        stats.dropped(),
        "windlass_spool_dropped_batches_total",
        "reason",
        "Batches the spool dropped unsent, by reason.");
    byLabel(
        out,
        stats.rejected(),
        "windlass_spool_rejected_total",
        "reason",
        "Metrics or batches the spool refused because it was full, by the bound reached.");
    byLabel(
        out,
        stats.quarantined(),
        "windlass_spool_quarantined_entries_total",
        "reason",
        "Spool entries moved to quarantine/ because they are not batches the spool can trust, by"
            + " problem.");
    byLabel(
        out,
        stats.skipped(),
        "windlass_spool_skipped_entries_total",
        "reason",
        "Spool entries neither trusted nor movable to quarantine/, left in place unread, by"
            + " problem.");
    counter(
        out,
        "windlass_spool_orphans_removed_total",
        "Data files without metadata (batches whose publishing never finished) removed.",
        stats.orphansRemoved());
  }

  private static void collected(
      AgentMetricFamilies out, LatestSamples latest, Optional<Map<String, InputState>> published) {
    out.family(
        "windlass_collected_metrics_total",
        "counter",
        "Metrics recorded into the spool in durable batches, by source (input:<type> or"
            + " input:<type>/<id> for collector inputs, local:ingest, push:prometheus, ...).");
    new TreeMap<>(latest.recordedMetrics())
        .forEach(
            (source, count) ->
                out.sample(
                    "windlass_collected_metrics_total", "source", source, Long.toString(count)));
    Map<String, InputState> inputs = new TreeMap<>(published.orElse(Map.of()));
    if (inputs.isEmpty()) {
      return;
    }
    collectorCounter(
        out, inputs, "windlass_collector_runs_total", "Collect runs started.", PipelineStats::runs);
    collectorCounter(
        out,
        inputs,
        "windlass_collector_errors_total",
        "Collect runs that failed, timed out or could not start.",
        PipelineStats::errors);
    collectorCounter(
        out,
        inputs,
        "windlass_collector_timeouts_total",
        "Collect runs abandoned at their timeout.",
        PipelineStats::timeouts);
    collectorCounter(
        out,
        inputs,
        "windlass_collector_skipped_ticks_total",
        "Collect ticks skipped because the previous run was still going.",
        PipelineStats::skippedTicks);
    collectorCounter(
        out,
        inputs,
        "windlass_collector_batches_total",
        "Batches the input's runs wrote to the spool.",
        PipelineStats::batches);
    collectorCounter(
        out,
        inputs,
        "windlass_collector_batch_failures_total",
        "Batches of the input's runs the spool failed to write.",
        PipelineStats::batchFailures);
    collectorCounter(
        out,
        inputs,
        "windlass_collector_dropped_metrics_total",
        "Metrics the input collected but dropped (not finite, or refused by the spool).",
        stats -> stats.droppedValues() + stats.rejectedMetrics());
  }

  private static void collectorCounter(
      AgentMetricFamilies out,
      Map<String, InputState> inputs,
      String name,
      String help,
      ToLongFunction<PipelineStats> value) {
    out.family(name, "counter", help);
    inputs.forEach(
        (id, input) ->
            out.sample(
                name,
                ImmutableMap.of("input", id, "type", input.type()),
                Long.toString(value.applyAsLong(input.stats())),
                null));
  }

  private static void sender(AgentMetricFamilies out, Optional<SenderState> running) {
    if (running.isEmpty()) {
      return;
    }
    SenderState sender = running.get();
    SenderStats stats = sender.stats();
    counter(out, "windlass_sender_sent_batches_total", "Batches sent.", stats.sentBatches());
    counter(out, "windlass_sender_sent_metrics_total", "Metrics sent.", stats.sentMetrics());
    counter(
        out,
        "windlass_sender_rejected_batches_total",
        "Batches the backend rejected for good (moved aside).",
        stats.rejectedBatches());
    counter(
        out,
        "windlass_sender_rejected_metrics_total",
        "Metrics in batches the backend rejected for good.",
        stats.rejectedMetrics());
    counter(
        out,
        "windlass_sender_failed_requests_total",
        "Send requests that failed and will be retried.",
        stats.failedRequests());
    out.family(
            "windlass_sender_requests_in_flight",
            "gauge",
            "Send requests sent and not yet answered, at most sink.concurrency.")
        .sample("windlass_sender_requests_in_flight", Long.toString(stats.requestsInFlight()));
    out.family("windlass_sender_info", "gauge", "The sink the sender forwards to.")
        .sample(
            "windlass_sender_info",
            ImmutableMap.of("sink", sender.sink(), "type", sender.type()),
            "1",
            null);
    Optional<Instant> retryAt = stats.retryAt();
    if (retryAt.isPresent()) {
      out.family(
              "windlass_sender_retry_at_timestamp_seconds",
              "gauge",
              "When the sender retries after a failure, in Unix seconds.")
          .sample(
              "windlass_sender_retry_at_timestamp_seconds",
              Double.toString(retryAt.get().toEpochMilli() / 1000.0));
    }
    Optional<String> error = stats.lastError().filter(text -> !text.isBlank());
    if (error.isPresent()) {
      out.family(
              "windlass_sender_last_error_info",
              "gauge",
              "The sender's last error, on one line and cut at "
                  + MAX_ERROR_LENGTH
                  + " characters.")
          .sample("windlass_sender_last_error_info", "error", ErrorLine.of(error.get()), "1");
    }
  }

  private static void pushes(
      AgentMetricFamilies out, IngestStats ingest, StatusServer.RequestCounters requests) {
    out.family(
        "windlass_push_requests_total",
        "counter",
        "Pushed requests, by format and outcome (stored: 204; refused: anything else).");
    for (PushFormat format : PushFormat.values()) {
      IngestStats.Counters c = ingest.of(format);
      out.sample(
          "windlass_push_requests_total",
          ImmutableMap.of("format", format.label(), "outcome", "stored"),
          Long.toString(c.stored.sum()),
          null);
      out.sample(
          "windlass_push_requests_total",
          ImmutableMap.of("format", format.label(), "outcome", "refused"),
          Long.toString(c.refused.sum()),
          null);
    }
    forEachFormat(
        out,
        ingest,
        "windlass_push_samples_total",
        "Pushed samples stored durably in the spool, by format.",
        c -> c.samples.sum());
    out.family(
        "windlass_push_dropped_samples_total",
        "counter",
        "Pushed samples left out of stored requests, by format and reason (refused-point: an"
            + " OTLP data point refused in a partial success).");
    for (PushFormat format : PushFormat.values()) {
      IngestStats.Counters c = ingest.of(format);
      out.sample(
          "windlass_push_dropped_samples_total",
          ImmutableMap.of("format", format.label(), "reason", "string-field"),
          Long.toString(c.stringFields.sum()),
          null);
      if (format == PushFormat.OTLP) {
        out.sample(
            "windlass_push_dropped_samples_total",
            ImmutableMap.of("format", format.label(), "reason", "refused-point"),
            Long.toString(c.refusedPoints.sum()),
            null);
      }
    }
    out.family(
        "windlass_push_dropped_parts_total",
        "counter",
        "Parts of stored remote write requests left out, by format and reason (exemplar,"
            + " stale-marker).");
    for (PushFormat format : PushFormat.values()) {
      if (format.isLines()) {
        continue;
      }
      IngestStats.Counters c = ingest.of(format);
      out.sample(
          "windlass_push_dropped_parts_total",
          ImmutableMap.of("format", format.label(), "reason", "exemplar"),
          Long.toString(c.exemplarsDropped.sum()),
          null);
      out.sample(
          "windlass_push_dropped_parts_total",
          ImmutableMap.of("format", format.label(), "reason", "stale-marker"),
          Long.toString(c.staleMarkersDropped.sum()),
          null);
    }
    out.family(
        "windlass_status_requests_total",
        "counter",
        "Requests the status server answered, by path (other: unknown paths) and status code.");
    requests
        .snapshot()
        .forEach(
            (path, byCode) ->
                byCode.forEach(
                    (code, count) ->
                        out.sample(
                            "windlass_status_requests_total",
                            ImmutableMap.of("path", path, "code", Integer.toString(code)),
                            Long.toString(count),
                            null)));
    out.family(
            "windlass_status_header_timeouts_total",
            "counter",
            "Connections the status server closed for not sending a request's headers within"
                + " status.header-timeout.")
        .sample("windlass_status_header_timeouts_total", Long.toString(requests.headerTimeouts()));
  }

  private static void forEachFormat(
      AgentMetricFamilies out,
      IngestStats ingest,
      String name,
      String help,
      Function<IngestStats.Counters, Long> value) {
    out.family(name, "counter", help);
    for (PushFormat format : PushFormat.values()) {
      out.sample(name, "format", format.label(), Long.toString(value.apply(ingest.of(format))));
    }
  }

  private static void counter(AgentMetricFamilies out, String name, String help, long value) {
    out.family(name, "counter", help).sample(name, Long.toString(value));
  }

  private static void byLabel(
      AgentMetricFamilies out, Map<String, Long> counts, String name, String label, String help) {
    if (counts.isEmpty()) {
      return;
    }
    out.family(name, "counter", help);
    new TreeMap<>(counts)
        .forEach((key, value) -> out.sample(name, label, key, Long.toString(value)));
  }
}
