package io.windlass.it.backend;

import java.util.Map;

/**
 * One element of an instant vector, as the Prometheus HTTP API answers a query: the series' labels
 * (with {@code __name__}, unless the query dropped it), the evaluation time and the value.
 */
public record VectorSample(Map<String, String> labels, long timestampMillis, double value) {
  public VectorSample {
    labels = Map.copyOf(labels);
  }

  /** The {@code __name__} label, or null. */
  public String metricName() {
    return labels.get("__name__");
  }
}
