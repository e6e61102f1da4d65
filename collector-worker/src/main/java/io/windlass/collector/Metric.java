package io.windlass.collector;

import io.windlass.spool.ingest.format.Sample;
import java.util.Map;
import java.util.Objects;

/**
 * One sample an input collects: a name, tags, a timestamp in epoch milliseconds and a value.
 *
 * <p>Inputs usually leave {@code timestamp} at 0: the pipeline stamps every metric of a run with
 * the run's aligned timestamp ({@link CollectContext#alignedTimestamp()}), so all metrics of one
 * window line up. A non-zero timestamp is kept as is.
 *
 * @param name the metric name, e.g. {@code cpu.util}; not blank
 * @param tags the metric's tags; copied
 * @param timestamp epoch milliseconds, or 0 for "the window's aligned timestamp"
 * @param value the value; the pipeline rejects NaN and infinities
 */
public record Metric(String name, Map<String, String> tags, long timestamp, double value) {

  /** Validates and copies. */
  public Metric {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("metric name must not be blank");
    }
    tags = Map.copyOf(Objects.requireNonNull(tags, "tags"));
    if (timestamp < 0) {
      throw new IllegalArgumentException("metric " + name + ": timestamp " + timestamp + " < 0");
    }
  }

  /** The metric of a sample read from a wire format. */
  public static Metric from(Sample sample) {
    return new Metric(sample.name(), sample.tags(), sample.timestamp(), sample.value());
  }

  /** A metric with no tags, stamped with the window's aligned timestamp. */
  public static Metric of(String name, double value) {
    return new Metric(name, Map.of(), 0, value);
  }

  /** A metric with tags, stamped with the window's aligned timestamp. */
  public static Metric of(String name, Map<String, String> tags, double value) {
    return new Metric(name, tags, 0, value);
  }

  /** This metric renamed. */
  public Metric withName(String newName) {
    return new Metric(newName, tags, timestamp, value);
  }

  /** This metric with other tags. */
  public Metric withTags(Map<String, String> newTags) {
    return new Metric(name, newTags, timestamp, value);
  }

  /** This metric with {@code newTimestamp}. */
  public Metric withTimestamp(long newTimestamp) {
    return new Metric(name, tags, newTimestamp, value);
  }
}
