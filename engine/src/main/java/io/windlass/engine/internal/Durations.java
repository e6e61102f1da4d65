package io.windlass.engine.internal;

import java.time.Duration;

/** Formats durations the way people write them in messages: 3s, 25ms, 2m, 1m30s. */
public final class Durations {
  private Durations() {}

  /**
   * {@code d} in nanoseconds, saturated at {@code Long.MAX_VALUE} or {@code Long.MIN_VALUE} (about
   * 292 years either way) where {@link Duration#toNanos()} would overflow.
   */
  public static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** {@code d} as, for example, {@code 3s}, {@code 25ms}, {@code 1m30s} or {@code -1s}. */
  public static String format(Duration d) {
    if (d.isNegative()) {
      return "-" + format(d.negated());
    }
    if (d.isZero()) {
      return "0s";
    }
    long nanos = d.toNanosPart();
    long seconds = d.getSeconds();
    if (seconds == 0) {
      if (nanos % 1_000_000 == 0) {
        return nanos / 1_000_000 + "ms";
      }
      return nanos % 1_000 == 0 ? nanos / 1_000 + "us" : nanos + "ns";
    }
    StringBuilder out = new StringBuilder();
    long hours = seconds / 3600;
    long minutes = (seconds % 3600) / 60;
    long secs = seconds % 60;
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (minutes > 0) {
      out.append(minutes).append('m');
    }
    if (secs > 0 || nanos > 0) {
      out.append(secs);
      if (nanos >= 1_000_000) {
        out.append('.').append(String.format("%03d", nanos / 1_000_000));
      }
      out.append('s');
    }
    return out.toString();
  }
}
