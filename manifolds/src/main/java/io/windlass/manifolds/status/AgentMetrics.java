package io.windlass.manifolds.status;

import com.google.common.collect.ImmutableMap;
import io.windlass.engine.EngineReport;
import io.windlass.engine.ManifoldReport;
import io.windlass.manifolds.config.DurationText;
import io.windlass.manifolds.spool.LatestSamples;
import io.windlass.spool.ingest.http.IngestStats;
import io.windlass.spool.ingest.http.PushFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /metrics} serves, in the Prometheus text format: the agent's own metrics and
 * nothing else ({@code windlass_...}, each family with {@code HELP} and {@code TYPE}, counters
 * ending in {@code _total}), read from the engine report and the server's counters. What the agent
 * collects and takes in pushes is served on {@code /federate} ({@link Federation}): a scraper of
 * {@code /metrics} gets no series that could meet its own {@code up} or {@code scrape_*}.
 *
 * <p>The agent's own metrics, each present only when its source is:
 *
 * <ul>
 *   <li>engine: {@code windlass_healthy}, per manifold {@code windlass_manifold_up} and {@code
 *       windlass_manifold_restarts_total} (its start count less the first start);
 *   <li>spool (the {@code spool} manifold's report): bytes, batches, oldest batch age, batches and
 *       metrics published (spooled), batches removed (sent), batches dropped by reason, refusals by
 *       bound, entries quarantined and skipped by problem, data files without metadata removed;
 *   <li>collected: {@code windlass_collected_metrics_total{source}} (metrics in durable batches per
 *       source, e.g. {@code input:cpu}, {@code push:prometheus}); per collector input (the {@code
 *       collector} manifold's report) runs, errors, timeouts, skipped ticks, batches, batch
 *       failures and dropped metrics;
 *   <li>sent (the {@code sender} manifold's report, when there is one): batches and metrics sent
 *       and rejected, failed requests, the sink, when the next retry is, the last error;
 *   <li>pushes: requests stored and refused, samples stored and dropped by reason, per format;
 *       responses of the status server by path and code;
 *   <li>the view of latest samples that {@code /federate} serves: series held, series left out.
 * </ul>
 */
final class AgentMetrics {
  static final String SPOOL = "spool";
  static final String COLLECTOR = "collector";
  static final String SENDER = "sender";

  /** The longest error text shown as a label value. */
  static final int MAX_ERROR_LENGTH = 256;

  private AgentMetrics() {}

  /** The exposition for this report, view and counters. */
  static String render(
      EngineReport report,
      LatestSamples latest,
      IngestStats ingest,
      StatusServer.RequestCounters requests) {
    Exposition out = new Exposition();
    engine(out, report);
    spool(out, report.manifold(SPOOL));
    collected(out, latest, report.manifold(COLLECTOR));
    sender(out, report.manifold(SENDER));
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
    return out.text();
  }

  private static void engine(Exposition out, EngineReport report) {
    out.family(
            "windlass_healthy",
            "gauge",
            "1 when every manifold that should run is running (/healthz answers 200), else 0.")
        .sample("windlass_healthy", Health.of(report).healthy() ? "1" : "0");
    out.family("windlass_manifold_up", "gauge", "1 when the manifold's worker is running.");
    report
        .manifolds()
        .forEach(
            (name, manifold) ->
                out.sample(
                    "windlass_manifold_up",
                    "manifold",
                    name,
                    manifold.state().equals("started") ? "1" : "0"));
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

  private static void spool(Exposition out, @Nullable ManifoldReport spool) {
    if (spool == null) {
      return;
    }
    Map<String, Object> report = spool.report();
    gauge(out, report, "bytes", "windlass_spool_bytes", "Bytes of the batches in the spool.");
    gauge(out, report, "batches", "windlass_spool_batches", "Batches in the spool.");
    Duration age = duration(report.get("oldest-batch-age"));
    if (age != null) {
      out.family(
              "windlass_spool_oldest_batch_age_seconds",
              "gauge",
              "Age of the oldest batch in the spool; 0 when it is empty.")
          .sample("windlass_spool_oldest_batch_age_seconds", Long.toString(age.toSeconds()));
    }
    counter(
        out,
        report,
        "published-batches",
        "windlass_spool_published_batches_total",
        "Batches published into the spool.");
    counter(
        out,
        report,
        "published-metrics",
        "windlass_spool_published_metrics_total",
        "Metrics published into the spool (spooled).");
    counter(
        out,
        report,
        "removed-batches",
        "windlass_spool_removed_batches_total",
        "Batches removed from the spool once sent.");
    byLabel(
        out,
        report.get("dropped"),
        "windlass_spool_dropped_batches_total",
        "reason",
        "Batches the spool dropped unsent, by reason.");
    byLabel(
        out,
        report.get("rejected"),
        "windlass_spool_rejected_total",
        "reason",
        "Metrics or batches the spool refused because it was full, by the bound reached.");
    byLabel(
        out,
        report.get("quarantined"),
        "windlass_spool_quarantined_entries_total",
        "reason",
        "Spool entries moved to quarantine/ because they are not batches the spool can trust, by"
            + " problem.");
    byLabel(
        out,
        report.get("skipped"),
        "windlass_spool_skipped_entries_total",
        "reason",
        "Spool entries neither trusted nor movable to quarantine/, left in place unread, by"
            + " problem.");
    counter(
        out,
        report,
        "orphans-removed",
        "windlass_spool_orphans_removed_total",
        "Data files without metadata (batches whose publishing never finished) removed.");
  }

  private static void collected(
      Exposition out, LatestSamples latest, @Nullable ManifoldReport collector) {
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
    if (collector == null) {
      return;
    }
    Map<String, Map<String, Object>> inputs = new TreeMap<>();
    collector
        .report()
        .forEach(
            (id, entry) -> {
              if (entry instanceof Map<?, ?> map) {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(String.valueOf(k), v));
                inputs.put(id, copy);
              }
            });
    collectorCounter(out, inputs, "runs", "windlass_collector_runs_total", "Collect runs started.");
    collectorCounter(
        out,
        inputs,
        "errors",
        "windlass_collector_errors_total",
        "Collect runs that failed, timed out or could not start.");
    collectorCounter(
        out,
        inputs,
        "timeouts",
        "windlass_collector_timeouts_total",
        "Collect runs abandoned at their timeout.");
    collectorCounter(
        out,
        inputs,
        "skipped-ticks",
        "windlass_collector_skipped_ticks_total",
        "Collect ticks skipped because the previous run was still going.");
    collectorCounter(
        out,
        inputs,
        "batches",
        "windlass_collector_batches_total",
        "Batches the input's runs wrote to the spool.");
    collectorCounter(
        out,
        inputs,
        "batch-failures",
        "windlass_collector_batch_failures_total",
        "Batches of the input's runs the spool failed to write.");
    collectorCounter(
        out,
        inputs,
        "dropped",
        "windlass_collector_dropped_metrics_total",
        "Metrics the input collected but dropped (not finite, or refused by the spool).");
  }

  private static void collectorCounter(
      Exposition out,
      Map<String, Map<String, Object>> inputs,
      String key,
      String name,
      String help) {
    boolean any = inputs.values().stream().anyMatch(entry -> entry.get(key) instanceof Number);
    if (!any) {
      return;
    }
    out.family(name, "counter", help);
    inputs.forEach(
        (id, entry) -> {
          if (entry.get(key) instanceof Number count) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("input", id);
            if (entry.get("type") instanceof String type) {
              labels.put("type", type);
            }
            out.sample(name, labels, number(count), null);
          }
        });
  }

  private static void sender(Exposition out, @Nullable ManifoldReport sender) {
    if (sender == null) {
      return;
    }
    Map<String, Object> report = sender.report();
    counter(out, report, "sent-batches", "windlass_sender_sent_batches_total", "Batches sent.");
    counter(out, report, "sent-metrics", "windlass_sender_sent_metrics_total", "Metrics sent.");
    counter(
        out,
        report,
        "rejected-batches",
        "windlass_sender_rejected_batches_total",
        "Batches the backend rejected for good (moved aside).");
    counter(
        out,
        report,
        "rejected-metrics",
        "windlass_sender_rejected_metrics_total",
        "Metrics in batches the backend rejected for good.");
    counter(
        out,
        report,
        "failed-requests",
        "windlass_sender_failed_requests_total",
        "Send requests that failed and will be retried.");
    Map<String, String> info = new LinkedHashMap<>();
    if (report.get("sink") instanceof String sink && !sink.isEmpty()) {
      info.put("sink", sink);
    }
    if (report.get("type") instanceof String type && !type.isEmpty()) {
      info.put("type", type);
    }
    if (!info.isEmpty()) {
      out.family("windlass_sender_info", "gauge", "The sink the sender forwards to.")
          .sample("windlass_sender_info", info, "1", null);
    }
    Instant retryAt = instant(report.get("retry-at"));
    if (retryAt != null) {
      out.family(
              "windlass_sender_retry_at_timestamp_seconds",
              "gauge",
              "When the sender retries after a failure, in Unix seconds.")
          .sample(
              "windlass_sender_retry_at_timestamp_seconds",
              Double.toString(retryAt.toEpochMilli() / 1000.0));
    }
    if (report.get("last-error") instanceof String error && !error.isEmpty()) {
      String shown =
          error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) + "…" : error;
      out.family("windlass_sender_last_error_info", "gauge", "The sender's last error.")
          .sample("windlass_sender_last_error_info", "error", shown, "1");
    }
  }

  private static void pushes(
      Exposition out, IngestStats ingest, StatusServer.RequestCounters requests) {
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
      Exposition out,
      IngestStats ingest,
      String name,
      String help,
      Function<IngestStats.Counters, Long> value) {
    out.family(name, "counter", help);
    for (PushFormat format : PushFormat.values()) {
      out.sample(name, "format", format.label(), Long.toString(value.apply(ingest.of(format))));
    }
  }

  private static void gauge(
      Exposition out, Map<String, Object> report, String key, String name, String help) {
    if (report.get(key) instanceof Number value) {
      out.family(name, "gauge", help).sample(name, number(value));
    }
  }

  private static void counter(
      Exposition out, Map<String, Object> report, String key, String name, String help) {
    if (report.get(key) instanceof Number value) {
      out.family(name, "counter", help).sample(name, number(value));
    }
  }

  private static void byLabel(
      Exposition out, @Nullable Object counts, String name, String label, String help) {
    if (!(counts instanceof Map<?, ?> map) || map.isEmpty()) {
      return;
    }
    out.family(name, "counter", help);
    new TreeMap<>(
            map.entrySet().stream()
                .filter(e -> e.getValue() instanceof Number)
                .collect(
                    java.util.stream.Collectors.toMap(
                        e -> String.valueOf(e.getKey()), e -> (Number) e.getValue())))
        .forEach((key, value) -> out.sample(name, label, key, number(value)));
  }

  private static String number(Number value) {
    if (value instanceof Double || value instanceof Float) {
      double d = value.doubleValue();
      return Double.isNaN(d)
          ? "NaN"
          : Double.isInfinite(d) ? (d > 0 ? "+Inf" : "-Inf") : Double.toString(d);
    }
    return Long.toString(value.longValue());
  }

  private static @Nullable Duration duration(@Nullable Object text) {
    if (!(text instanceof String s)) {
      return null;
    }
    try {
      return DurationText.parse(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static @Nullable Instant instant(@Nullable Object text) {
    if (text instanceof Instant i) {
      return i;
    }
    if (!(text instanceof String s) || s.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
