package io.windlass.manifolds.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How fast the demo manifolds run.
 *
 * @param tickInterval how often {@code ticker} ticks and {@code heartbeat} beats
 * @param reportInterval how often {@code reporter} prints the engine report
 */
public record DemoSettings(Duration tickInterval, Duration reportInterval) {

  /** The tick interval when only the report interval is given. */
  public static final Duration DEFAULT_TICK_INTERVAL = Duration.ofSeconds(1);

  /** Checks that both intervals are positive. */
  public DemoSettings {
    List<String> problems = new ArrayList<>();
    requirePositive(problems, "tickInterval", tickInterval);
    requirePositive(problems, "reportInterval", reportInterval);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid demo settings: " + String.join("; ", problems));
    }
  }

  /** Ticks at {@link #DEFAULT_TICK_INTERVAL} and reports every {@code reportInterval}. */
  public static DemoSettings reportingEvery(Duration reportInterval) {
    return new DemoSettings(DEFAULT_TICK_INTERVAL, reportInterval);
  }

  private static void requirePositive(List<String> problems, String field, Duration value) {
    if (value == null) {
      problems.add(field + " must not be null");
    } else if (value.isNegative() || value.isZero()) {
      problems.add(field + " " + value + " must be > 0");
    }
  }
}
