package io.windlass.manifolds.demo;

import java.time.Duration;

/**
 * How fast the demo manifolds run.
 *
 * @param tickInterval how often {@code ticker} ticks and {@code heartbeat} beats
 */
public record DemoSettings(Duration tickInterval) {

  /** The tick interval of {@link #defaults()}. */
  public static final Duration DEFAULT_TICK_INTERVAL = Duration.ofSeconds(1);

  /** Checks that the interval is positive. */
  public DemoSettings {
    if (tickInterval == null || tickInterval.isNegative() || tickInterval.isZero()) {
      throw new IllegalArgumentException(
          "invalid demo settings: tickInterval " + tickInterval + " must be > 0");
    }
  }

  /** Ticks at {@link #DEFAULT_TICK_INTERVAL}. */
  public static DemoSettings defaults() {
    return new DemoSettings(DEFAULT_TICK_INTERVAL);
  }
}
