package io.windlass.collector.inputs;

import java.util.OptionalDouble;

/**
 * Per-second rates from two readings of a monotonically increasing counter. A counter that went
 * backwards (a wrap, a reset, a device that came back) or a non-positive interval gives no rate
 * rather than a negative, infinite or NaN one.
 */
final class CounterRate {
  private static final double NANOS_PER_SECOND = 1e9;

  private CounterRate() {}

  /**
   * {@code (current - previous)} per second over {@code elapsedNanos}, or empty when the counter
   * went backwards or no time elapsed.
   */
  static OptionalDouble perSecond(long previous, long current, long elapsedNanos) {
    if (current < previous || elapsedNanos <= 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of((current - previous) * NANOS_PER_SECOND / elapsedNanos);
  }
}
