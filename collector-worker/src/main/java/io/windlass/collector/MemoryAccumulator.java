package io.windlass.collector;

import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A thread-safe accumulator that keeps what it is given, in order. */
public final class MemoryAccumulator implements Accumulator {
  private final List<Metric> metrics = new ArrayList<>();
  private final Map<String, MetricFamily> families = new LinkedHashMap<>();

  @Override
  public synchronized void addMetric(Metric metric) {
    metrics.add(metric);
  }

  /**
   * Keeps the description, replacing an earlier one of the family; past {@link
   * MetricMetadata#MAX_FAMILIES} families, new ones are ignored.
   */
  @Override
  public synchronized void describe(MetricFamily family) {
    if (families.size() < MetricMetadata.MAX_FAMILIES || families.containsKey(family.name())) {
      families.put(family.name(), family);
    }
  }

  /** The families described so far, in the order first described. */
  public synchronized List<MetricFamily> families() {
    return List.copyOf(families.values());
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
