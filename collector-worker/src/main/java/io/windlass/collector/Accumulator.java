package io.windlass.collector;

import java.util.Map;

/**
 * Where an input puts what it collects. Implementations are thread-safe unless they say otherwise;
 * {@code addMetric} never blocks on I/O.
 */
@FunctionalInterface
public interface Accumulator {

  /** Adds one metric. */
  void addMetric(Metric metric);

  /** Adds a metric stamped with the window's aligned timestamp. */
  default void addMetric(String name, Map<String, String> tags, double value) {
    addMetric(Metric.of(name, tags, value));
  }
}
