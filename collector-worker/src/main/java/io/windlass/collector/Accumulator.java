package io.windlass.collector;

import io.windlass.spool.MetricFamily;
import java.util.Map;

/**
 * Where an input puts what it collects. Implementations are thread-safe unless they say otherwise;
 * {@code addMetric} never blocks on I/O.
 */
@FunctionalInterface
public interface Accumulator {

  /** Adds one metric. */
  void addMetric(Metric metric);

  /**
   * Says what the metric family {@code family.name()} is (its type, help and unit), for the batch
   * the run's metrics go into; see {@link io.windlass.spool.MetricRecorder#describe}. The default
   * keeps nothing.
   */
  default void describe(MetricFamily family) {}

  /** Adds a metric stamped with the window's aligned timestamp. */
  default void addMetric(String name, Map<String, String> tags, double value) {
    addMetric(Metric.of(name, tags, value));
  }
}
