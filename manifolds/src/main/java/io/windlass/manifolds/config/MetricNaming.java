package io.windlass.manifolds.config;

/**
 * How the host inputs ({@code cpu}, {@code mem}, {@code swap}, {@code load}, {@code disk}, {@code
 * diskio}, {@code net}, {@code netstat}, {@code processes}) name what they collect: {@code
 * agent.metric-naming}, or {@code metric-naming} on one input.
 */
public enum MetricNaming {
  /**
   * node_exporter 1.5's names, labels, units and types ({@code node_cpu_seconds_total{cpu,mode}},
   * {@code node_memory_MemAvailable_bytes}, ...): counters as running totals, for dashboards and
   * alerts written for node_exporter.
   */
  NODE_EXPORTER("node-exporter"),
  /**
   * Windlass' own names ({@code system.cpu.usage_user}, {@code system.mem.used_percent}, ...):
   * rates and percentages computed between collects.
   */
  WINDLASS("windlass");

  private final String label;

  MetricNaming(String label) {
    this.label = label;
  }

  /** How the naming is written in the config. */
  public String label() {
    return label;
  }

  /**
   * The naming when the config says none: {@link #NODE_EXPORTER} for a Prometheus remote write sink
   * (the default sink type, so also with no sink, where {@code /federate} serves the samples as
   * Prometheus text), {@link #WINDLASS} for the JSON batch API, whose consumers read Windlass'
   * keys.
   */
  public static MetricNaming defaultFor(SinkType sinkType) {
    return sinkType == SinkType.JSON ? WINDLASS : NODE_EXPORTER;
  }
}
