package io.windlass.manifolds.config;

/** How a declared metric's values are read, as in Juju's {@code metrics.yaml}, plus a counter. */
public enum MetricKind {
  /** A reading at a point in time (free memory, temperature). */
  GAUGE("gauge"),
  /** An amount since the previous value was recorded (bytes sent since the last collection). */
  ABSOLUTE("absolute"),
  /** A running total that only grows, except when its source restarts (requests served). */
  COUNTER("counter");

  private final String configName;

  MetricKind(String configName) {
    this.configName = configName;
  }

  /** The name the config uses, e.g. {@code gauge}. */
  public String configName() {
    return configName;
  }

  @Override
  public String toString() {
    return configName;
  }
}
