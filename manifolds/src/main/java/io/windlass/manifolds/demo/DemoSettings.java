package io.windlass.manifolds.demo;

import java.time.Duration;

/**
 * How the demo manifolds run: the config's {@code demo} section, read when the agent starts (a
 * change to it takes effect at the next start, since the demo's module is built once).
 *
 * <pre>{@code
 * demo:
 *   tick-interval: 1s   # how often ticker ticks and heartbeat beats
 *   fail-every: 3       # ticker fails at its 3rd tick; 0 (the default): never
 * }</pre>
 *
 * <p>{@code fail-every} is a way to watch the engine handle a failing worker: each {@code ticker}
 * worker fails at its {@code fail-every}th tick; the engine shows it failed with its error, starts
 * a fresh one after its error delay (longer after each failure in a row: the backoff), and bounces
 * {@code heartbeat}, which depends on it. The console's manifolds page shows it happen.
 *
 * @param tickInterval how often {@code ticker} ticks and {@code heartbeat} beats
 * @param failEvery the tick at which each {@code ticker} worker fails; 0 for never
 */
public record DemoSettings(Duration tickInterval, long failEvery) {

  /** The tick interval of {@link #defaults()}. */
  public static final Duration DEFAULT_TICK_INTERVAL = Duration.ofSeconds(1);

  /** The largest {@code fail-every}. */
  public static final long MAX_FAIL_EVERY = 1_000_000;

  /**
   * Checks that the interval is positive and {@code failEvery} from 0 to {@link #MAX_FAIL_EVERY}.
   */
  public DemoSettings {
    if (tickInterval == null || tickInterval.isNegative() || tickInterval.isZero()) {
      throw new IllegalArgumentException(
          "invalid demo settings: tickInterval " + tickInterval + " must be > 0");
    }
    if (failEvery < 0 || failEvery > MAX_FAIL_EVERY) {
      throw new IllegalArgumentException(
          "invalid demo settings: failEvery "
              + failEvery
              + " must be from 0 (never) to "
              + MAX_FAIL_EVERY);
    }
  }

  /** Ticks at {@code tickInterval} and never fails. */
  public DemoSettings(Duration tickInterval) {
    this(tickInterval, 0);
  }

  /** Ticks at {@link #DEFAULT_TICK_INTERVAL} and never fails. */
  public static DemoSettings defaults() {
    return new DemoSettings(DEFAULT_TICK_INTERVAL);
  }

  /** Whether a ticker worker fails at its {@code tick}th tick (counted from 1). */
  boolean failsAt(long tick) {
    return failEvery > 0 && tick == failEvery;
  }
}
