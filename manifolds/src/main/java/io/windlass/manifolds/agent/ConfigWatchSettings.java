package io.windlass.manifolds.agent;

import io.windlass.engine.EngineClock;
import java.time.Duration;

/**
 * How the {@code agent} manifold watches its config file: it reads the file every {@code interval}
 * on {@code clock}. Tests bind a manual clock to decide exactly when a check happens.
 *
 * @param interval the time between two checks (default 2s)
 * @param clock what measures the interval (default: the system clock)
 */
public record ConfigWatchSettings(Duration interval, EngineClock clock) {

  /** The interval when none is bound. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

  /** Checks that the interval is positive. */
  public ConfigWatchSettings {
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("config watch interval " + interval + " must be > 0");
    }
    if (clock == null) {
      throw new IllegalArgumentException("config watch clock must not be null");
    }
  }

  /** Every {@link #DEFAULT_INTERVAL} on the system clock. */
  public static ConfigWatchSettings defaults() {
    return new ConfigWatchSettings(DEFAULT_INTERVAL, EngineClock.system());
  }
}
