package io.windlass.collector;

import java.util.Objects;

/** Accumulator decorators. */
public final class Accumulators {
  private Accumulators() {}

  /** An accumulator that prepends {@code prefix} to every metric name before passing it on. */
  public static Accumulator withPrefix(Accumulator delegate, String prefix) {
    Objects.requireNonNull(delegate, "delegate");
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.isEmpty()) {
      return delegate;
    }
    return metric -> delegate.addMetric(metric.withName(prefix + metric.name()));
  }
}
