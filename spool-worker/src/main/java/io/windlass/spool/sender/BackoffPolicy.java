package io.windlass.spool.sender;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * How long the sender waits after consecutive retryable failures: {@code min}, doubling with each
 * failure up to {@code max}, spread by ±{@code fuzz}; a backend's {@code Retry-After} replaces the
 * doubling, kept within {@code [min, max]}.
 *
 * @param min the wait after the first failure
 * @param max the longest wait, and the most a {@code Retry-After} is honoured
 * @param fuzz the relative spread, in [0, 1): 0.1 spreads each wait by ±10 %; 0 for none
 */
public record BackoffPolicy(Duration min, Duration max, double fuzz) {

  /** Checks the bounds. */
  public BackoffPolicy {
    if (min == null || min.isNegative() || min.isZero()) {
      throw new IllegalArgumentException("backoff min " + min + " must be > 0");
    }
    if (max == null || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("backoff max " + max + " must be >= min " + min);
    }
    if (!(fuzz >= 0 && fuzz < 1)) {
      throw new IllegalArgumentException("backoff fuzz " + fuzz + " must be in [0, 1)");
    }
  }

  /**
   * The wait after the {@code failures}-th consecutive failure.
   *
   * @param failures consecutive failures so far, at least 1
   * @param retryAfter what the backend asked for, if anything; used instead of the doubling
   * @param random uniform in [0, 1], for the fuzz
   */
  public Duration delay(int failures, Optional<Duration> retryAfter, DoubleSupplier random) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures " + failures + " must be >= 1");
    }
    if (retryAfter.isPresent()) {
      return clamp(retryAfter.get(), min);
    }
    double nanos = min.toNanos() * Math.pow(2, Math.min(failures - 1, 62));
    if (fuzz > 0) {
      nanos *= 1 + fuzz * (2 * random.getAsDouble() - 1);
    }
    double capped = Math.min(nanos, (double) max.toNanos());
    return clamp(Duration.ofNanos((long) capped), Duration.ZERO);
  }

  private Duration clamp(Duration delay, Duration floor) {
    if (delay.compareTo(floor) < 0) {
      return floor;
    }
    return delay.compareTo(max) > 0 ? max : delay;
  }
}
