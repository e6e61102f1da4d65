package io.windlass.collector;

import org.jspecify.annotations.Nullable;

/**
 * An input with metrics of its own that stand for a failed collect, e.g. a check's {@code up} 0, so
 * that its series has a point in every window. The {@link Pipeline} adds them, with the run's
 * prefix, to the batch of a run whose collect threw or was abandoned at its timeout (after what the
 * collect added in time, and before the pipeline's health metrics).
 *
 * <p>Unlike {@link Input#collect}, this may be called on another thread while an abandoned collect
 * is still running: it should read only what is safe to read so, such as the input's final
 * configuration, and return promptly. What it throws is logged and the batch written without.
 */
public interface ErrorMetricsSource {

  /**
   * Adds the metrics that stand for a failed collect.
   *
   * @param failure what the collect threw, or null when it was abandoned at its timeout
   */
  void addErrorMetrics(@Nullable Throwable failure, Accumulator accumulator);
}
