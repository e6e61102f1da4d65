package io.windlass.manifolds.config;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;

/**
 * Which metrics the spool accepts: either any well-formed key, read as a gauge (when the config
 * declares none), or exactly those matching a declared name, with its kind.
 *
 * @param acceptsAny true when no metrics are declared
 * @param declared the declarations in config order; empty exactly when {@code acceptsAny}
 */
public record DeclaredMetrics(boolean acceptsAny, List<DeclaredMetric> declared) {

  private static final DeclaredMetrics ANY = new DeclaredMetrics(true, List.of());

  /** Copies; checks that the two fields agree. */
  public DeclaredMetrics {
    declared = ImmutableList.copyOf(declared);
    if (acceptsAny != declared.isEmpty()) {
      throw new IllegalArgumentException(
          acceptsAny
              ? "declared metrics that accept any metric must list none"
              : "declared metrics must list at least one metric");
    }
  }

  /** Accept any well-formed key as a gauge: the default. */
  public static DeclaredMetrics any() {
    return ANY;
  }

  /** Accept only metrics matching one of {@code declared}, which must not be empty. */
  public static DeclaredMetrics of(List<DeclaredMetric> declared) {
    return new DeclaredMetrics(false, declared);
  }

  /**
   * The kind of metric {@code key}: the first declaration that matches it, {@link MetricKind#GAUGE}
   * when any metric is accepted, or empty when it is not declared.
   */
  public Optional<MetricKind> kindOf(String key) {
    if (acceptsAny) {
      return Optional.of(MetricKind.GAUGE);
    }
    for (DeclaredMetric metric : declared) {
      if (metric.matches(key)) {
        return Optional.of(metric.kind());
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return acceptsAny ? "any" : declared.toString();
  }
}
