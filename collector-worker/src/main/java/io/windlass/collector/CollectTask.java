package io.windlass.collector;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one {@link Pipeline} runs: one input instance, on an aligned schedule (HoloInsight's collect
 * sub-task).
 *
 * <p><b>Schedule.</b> Windows start at {@code k × interval + offset} epoch milliseconds: the runs
 * of every pipeline with the same interval and offset line up across processes and hosts, whenever
 * they were started. A run's metrics carry its window start (see {@link #windowStart(long)}).
 *
 * @param id names the pipeline in logs and the report; not blank
 * @param inputType the input plugin's type, e.g. {@code cpu}; not blank, no whitespace
 * @param interval how often to collect; at least 1 ms, in whole milliseconds
 * @param offset where in the interval the window starts; {@code 0 <= offset < interval}, in whole
 *     milliseconds
 * @param timeout how long one collect may take before it is abandoned; positive. It may exceed the
 *     interval: ticks that fall while a run is still in progress are skipped and counted
 * @param tags added to every metric of the pipeline; they win over a metric's own tags of the same
 *     name (the configuration says where data comes from; an input cannot relabel it); copied
 * @param prefix prepended to every metric name of the input, health metrics included; null for the
 *     input's {@link InputWithPrefix#defaultPrefix()} (or none, if it has no default)
 */
public record CollectTask(
    String id,
    String inputType,
    Duration interval,
    Duration offset,
    Duration timeout,
    Map<String, String> tags,
    @Nullable String prefix) {

  /** Validates and copies. */
  public CollectTask {
    requireNonNull(id, "id");
    requireNonNull(inputType, "inputType");
    requireNonNull(interval, "interval");
    requireNonNull(offset, "offset");
    requireNonNull(timeout, "timeout");
    tags = Map.copyOf(requireNonNull(tags, "tags"));
    if (id.isBlank()) {
      throw new IllegalArgumentException("collect task id must not be blank");
    }
    if (inputType.isBlank() || inputType.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "task " + id + ": inputType \"" + inputType + "\" must be non-blank with no whitespace");
    }
    if (interval.toMillis() < 1 || !interval.equals(Duration.ofMillis(interval.toMillis()))) {
      throw new IllegalArgumentException(
          "task " + id + ": interval " + interval + " must be whole milliseconds >= 1ms");
    }
    if (offset.isNegative()
        || offset.compareTo(interval) >= 0
        || !offset.equals(Duration.ofMillis(offset.toMillis()))) {
      throw new IllegalArgumentException(
          "task "
              + id
              + ": offset "
              + offset
              + " must be whole milliseconds in [0, interval "
              + interval
              + ")");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("task " + id + ": timeout " + timeout + " must be > 0");
    }
  }

  /**
   * The source its spool batches name (their charm URL): {@code input:<type>} when the id is the
   * type ({@code input:cpu}), else {@code input:<type>/<id>} ({@code input:prometheus/node}), so
   * that two inputs of one type are two sources.
   */
  public String source() {
    return id.equals(inputType) ? "input:" + inputType : "input:" + inputType + "/" + id;
  }

  /** A task with no offset, no tags and the input's default prefix. */
  public static CollectTask of(String id, String inputType, Duration interval, Duration timeout) {
    return new CollectTask(id, inputType, interval, Duration.ZERO, timeout, Map.of(), null);
  }

  /**
   * The start of the window holding {@code epochMillis}: {@code floor((t - offset) / interval) ×
   * interval + offset}.
   */
  public long windowStart(long epochMillis) {
    long intervalMillis = interval.toMillis();
    long offsetMillis = offset.toMillis();
    return Math.floorDiv(epochMillis - offsetMillis, intervalMillis) * intervalMillis
        + offsetMillis;
  }

  /** This task with other tags. */
  public CollectTask withTags(Map<String, String> newTags) {
    return new CollectTask(id, inputType, interval, offset, timeout, newTags, prefix);
  }

  /** This task with another interval and offset. */
  public CollectTask withSchedule(Duration newInterval, Duration newOffset) {
    return new CollectTask(id, inputType, newInterval, newOffset, timeout, tags, prefix);
  }

  /** This task with another timeout. */
  public CollectTask withTimeout(Duration newTimeout) {
    return new CollectTask(id, inputType, interval, offset, newTimeout, tags, prefix);
  }

  /** This task with another prefix (null for the input's default). */
  public CollectTask withPrefix(@Nullable String newPrefix) {
    return new CollectTask(id, inputType, interval, offset, timeout, tags, newPrefix);
  }
}
