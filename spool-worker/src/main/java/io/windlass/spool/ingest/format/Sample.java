package io.windlass.spool.ingest.format;

import java.util.Map;
import java.util.Objects;

/**
 * One sample read from a wire format: a metric name, its labels (Prometheus labels, Influx tags),
 * its timestamp in milliseconds since the epoch ({@code 0} when the text gives none) and its value.
 */
public record Sample(String name, Map<String, String> tags, long timestamp, double value) {

  /** Copies {@code tags}. */
  public Sample {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("metric name must not be blank");
    }
    tags = Map.copyOf(Objects.requireNonNull(tags, "tags"));
    if (timestamp < 0) {
      throw new IllegalArgumentException("metric " + name + ": timestamp " + timestamp + " < 0");
    }
  }

  /** A sample without labels or timestamp. */
  public static Sample of(String name, double value) {
    return new Sample(name, Map.of(), 0, value);
  }

  /** A sample without timestamp. */
  public static Sample of(String name, Map<String, String> tags, double value) {
    return new Sample(name, tags, 0, value);
  }

  /** This sample at {@code newTimestamp}. */
  public Sample withTimestamp(long newTimestamp) {
    return new Sample(name, tags, newTimestamp, value);
  }
}
