package io.windlass.collector;

import java.util.ArrayList;
import java.util.List;

/** A thread-safe accumulator that keeps what it is given, in order. */
public final class MemoryAccumulator implements Accumulator {
  private final List<Metric> metrics = new ArrayList<>();

  @Override
  public synchronized void addMetric(Metric metric) {
    metrics.add(metric);
  }

  /** A copy of the metrics added so far, in order. */
  public synchronized List<Metric> metrics() {
    return List.copyOf(metrics);
  }

  /** The metrics added so far, removing them. */
  public synchronized List<Metric> drain() {
    List<Metric> out = List.copyOf(metrics);
    metrics.clear();
    return out;
  }

  /** How many metrics were added and not drained. */
  public synchronized int size() {
    return metrics.size();
  }
}
