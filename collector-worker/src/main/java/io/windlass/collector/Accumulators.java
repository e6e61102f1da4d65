package io.windlass.collector;

import io.windlass.spool.MetricFamily;
import java.util.Objects;

/** Accumulator decorators. */
public final class Accumulators {
  private Accumulators() {}

  /**
   * An accumulator that prepends {@code prefix} to every metric name, and every family name
   * described, before passing it on.
   */
  public static Accumulator withPrefix(Accumulator delegate, String prefix) {
    Objects.requireNonNull(delegate, "delegate");
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.isEmpty()) {
      return delegate;
    }
    return new Accumulator() {
      @Override
      public void addMetric(Metric metric) {
        delegate.addMetric(metric.withName(prefix + metric.name()));
      }

      @Override
      public void describe(MetricFamily family) {
        String name = prefix + family.name();
        if (MetricFamily.isValidName(name)) {
          delegate.describe(family.withName(name));
        }
      }
    };
  }
}
