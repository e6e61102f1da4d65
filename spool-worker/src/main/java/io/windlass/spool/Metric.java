package io.windlass.spool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.Ordering;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One measurement, as Juju's {@code jujuc.Metric}: serialised as {@code
 * {"key":..,"value":..,"time":..,"labels":{..}}}, labels left out when empty.
 *
 * <p>The constructor checks structure only (nothing missing); the rules on keys, values and labels
 * are a recorder's, applied when a metric is added (see {@link MetricRecorder}), so a batch written
 * by another tool still reads as it was written.
 *
 * @param key the metric's name, not empty
 * @param value the value as a decimal string, as Juju keeps it
 * @param time when it was measured
 * @param labels label names to values, sorted by name; empty when there are none
 */
@JsonPropertyOrder({"key", "value", "time", "labels"})
public record Metric(
    @JsonProperty("key") String key,
    @JsonProperty("value") String value,
    @JsonProperty("time") Instant time,
    @JsonProperty("labels") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        Map<String, String> labels) {

  /** Checks that nothing is missing and copies the labels into a sorted, immutable map. */
  public Metric {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException(
          "metric key must not be " + (key == null ? "null" : "empty"));
    }
    if (value == null) {
      throw new IllegalArgumentException("metric \"" + key + "\" value must not be null");
    }
    if (time == null) {
      throw new IllegalArgumentException("metric \"" + key + "\" time must not be null");
    }
    labels = copyLabels(key, labels);
  }

  /** A metric without labels. */
  public Metric(String key, String value, Instant time) {
    this(key, value, time, Map.of());
  }

  private static Map<String, String> copyLabels(String key, @Nullable Map<String, String> labels) {
    if (labels == null || labels.isEmpty()) {
      return ImmutableSortedMap.of();
    }
    if (labels instanceof ImmutableSortedMap
        && ((ImmutableSortedMap<String, String>) labels).comparator().equals(Ordering.natural())) {
      return labels;
    }
    ImmutableSortedMap.Builder<String, String> copy = ImmutableSortedMap.naturalOrder();
    for (Map.Entry<String, String> label : labels.entrySet()) {
      if (label.getKey() == null) {
        throw new IllegalArgumentException("metric \"" + key + "\" has a label without a name");
      }
      if (label.getValue() == null) {
        throw new IllegalArgumentException(
            "metric \"" + key + "\" label \"" + label.getKey() + "\" value must not be null");
      }
      copy.put(label.getKey(), label.getValue());
    }
    return copy.buildOrThrow();
  }
}
