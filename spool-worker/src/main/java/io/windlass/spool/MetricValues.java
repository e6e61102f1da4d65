package io.windlass.spool;

import org.jspecify.annotations.Nullable;

/**
 * The text of a metric's value as the spool keeps it: one formatter for numbers and one check for
 * plain decimals, shared by everything that writes spool values (the collector's pipelines, the
 * push parsers) so that a number is written the same way whichever way it came in.
 */
public final class MetricValues {
  private MetricValues() {}

  /**
   * {@code value} as a short decimal the spool accepts: whole numbers below 10^15 without a
   * fraction ({@code 42}), others as {@link Double#toString(double)} ({@code 0.25}, {@code
   * 1.0E-7}); at most 24 characters. Null for NaN and infinities.
   */
  public static @Nullable String format(double value) {
    if (!Double.isFinite(value)) {
      return null;
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }
}
