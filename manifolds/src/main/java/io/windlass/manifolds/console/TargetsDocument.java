package io.windlass.manifolds.console;

import io.windlass.collector.Pipeline;
import io.windlass.collector.PipelineStats;
import io.windlass.engine.EngineReport;
import io.windlass.engine.ManifoldReport;
import io.windlass.manifolds.config.DurationText;
import io.windlass.manifolds.spool.LatestSamples;
import io.windlass.manifolds.stats.InputState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/console/v1/targets}: the collector's inputs, one pipeline each (a {@code
 * prometheus} input is a scrape target), as vmagent's {@code /targets} lists them: state, health,
 * when each last ran, how long that took, how many series it gave, its counters and its last error.
 * The pipelines, their health, counters and last error come from the collector's typed stats
 * ({@code PipelineStats}); the last run from the latest samples the pipeline recorded ({@link
 * LatestSamples}): the time of its newest sample, its {@code collect_seconds} gauge, and how many
 * series it has there.
 *
 * @param collectorState the collector manifold's state; null when there is none
 * @param collectorError what its last worker ended with, if anything
 * @param targets every pipeline, in the config's order
 */
record TargetsDocument(
    @Nullable String collectorState, @Nullable String collectorError, List<Target> targets) {

  /** The collector's manifold. */
  static final String COLLECTOR = "collector";

  /**
   * One pipeline.
   *
   * @param id its id
   * @param type its input type
   * @param source the source its batches carry, {@code input:<type>[/<id>]}
   * @param interval how often it collects
   * @param state the pipeline's state ({@code running}, ...)
   * @param health {@code up} when the last collect returned in time, {@code down} when it failed,
   *     {@code unknown} before the first ended
   * @param lastRun when its latest samples were stamped, ISO-8601; null if none are at hand
   * @param lastRunAgoSeconds how long before this document that was; -1 if unknown
   * @param durationSeconds how long the last collect took; -1 if unknown
   * @param series the series it recorded lately (in the view of latest samples)
   * @param runs collects started
   * @param errors collects that failed or timed out
   * @param timeouts collects abandoned at their timeout
   * @param skippedTicks ticks skipped because the previous collect was still running
   * @param batches batches written to the spool
   * @param batchFailures batches the spool failed to write
   * @param dropped metrics dropped for a non-finite value or refused by the spool
   * @param lastError why the latest run failed, on one line of at most 200 characters; null when it
   *     did not: as in vmagent, a run that works clears it
   * @param lastErrorAt when that run ended, ISO-8601; null with no error
   */
  record Target(
      String id,
      String type,
      String source,
      @Nullable String interval,
      @Nullable String state,
      String health,
      @Nullable String lastRun,
      long lastRunAgoSeconds,
      double durationSeconds,
      long series,
      long runs,
      long errors,
      long timeouts,
      long skippedTicks,
      long batches,
      long batchFailures,
      long dropped,
      @Nullable String lastError,
      @Nullable String lastErrorAt) {}

  TargetsDocument {
    targets = List.copyOf(targets);
  }

  static TargetsDocument of(
      EngineReport report,
      Optional<Map<String, InputState>> inputs,
      LatestSamples latest,
      Instant now) {
    ManifoldReport collector = report.manifold(COLLECTOR);
    Map<String, LastRun> lastRuns = lastRuns(latest);
    List<Target> targets = new ArrayList<>();
    inputs
        .orElse(Map.of())
        .forEach(
            (id, input) -> {
              String type = input.type();
              String source = id.equals(type) ? "input:" + type : "input:" + type + "/" + id;
              LastRun last = lastRuns.get(source);
              PipelineStats stats = input.stats();
              Optional<PipelineStats.LastError> error = stats.lastError();
              targets.add(
                  new Target(
                      id,
                      type,
                      source,
                      DurationText.format(input.interval()),
                      input.state(),
                      stats.health().name().toLowerCase(Locale.ROOT),
                      last == null ? null : last.time.toString(),
                      last == null ? -1 : Math.max(0, Duration.between(last.time, now).toSeconds()),
                      last == null ? -1 : last.duration.value,
                      last == null ? 0 : last.series,
                      stats.runs(),
                      stats.errors(),
                      stats.timeouts(),
                      stats.skippedTicks(),
                      stats.batches(),
                      stats.batchFailures(),
                      stats.droppedValues() + stats.rejectedMetrics(),
                      error.map(PipelineStats.LastError::text).orElse(null),
                      error.map(e -> e.time().toString()).orElse(null)));
            });
    return new TargetsDocument(
        collector == null ? null : collector.state(),
        collector == null ? null : collector.error(),
        targets);
  }

  /** A source's latest samples: the newest time, how many series, and its duration gauge. */
  private static final class LastRun {
    Instant time = Instant.MIN;
    long series;
    final Gauge duration = new Gauge();
  }

  /**
   * The pipeline's own gauge among a source's samples: {@code <prefix><name>}. Every series of the
   * input carries the prefix, so of the keys ending in the name (a scrape's {@code
   * http_collect_seconds} beside the pipeline's {@code collect_seconds}) the shortest is the
   * pipeline's; of equal keys, the newest sample.
   */
  private static final class Gauge {
    int keyLength = Integer.MAX_VALUE;
    Instant time = Instant.MIN;
    double value = -1;

    void offer(LatestSamples.Sample sample) {
      int length = sample.key().length();
      if (length < keyLength || (length == keyLength && sample.time().isAfter(time))) {
        keyLength = length;
        time = sample.time();
        value = number(sample.value());
      }
    }
  }

  private static Map<String, LastRun> lastRuns(LatestSamples latest) {
    Map<String, LastRun> runs = new HashMap<>();
    for (LatestSamples.Sample sample : latest.snapshot()) {
      if (!sample.source().startsWith("input:")) {
        continue;
      }
      LastRun run = runs.computeIfAbsent(sample.source(), s -> new LastRun());
      run.series++;
      if (sample.time().isAfter(run.time)) {
        run.time = sample.time();
      }
      if (isHealth(sample.key(), Pipeline.COLLECT_SECONDS)) {
        run.duration.offer(sample);
      }
    }
    return runs;
  }

  /** Whether {@code key} is {@code name} after a prefix ({@code system.cpu.up}, {@code up}). */
  static boolean isHealth(String key, String name) {
    if (!key.endsWith(name)) {
      return false;
    }
    int before = key.length() - name.length() - 1;
    return before < 0 || !Character.isLetterOrDigit(key.charAt(before));
  }

  private static double number(String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
