package io.windlass.engine.internal;

import io.windlass.engine.EngineConfig;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Restart delays: {@code errorDelay × backoffFactor^(recentErrors − 1)} in double, capped at {@code
 * maxDelay}, fuzzed by ±{@code fuzz}, and capped again so that no delay exceeds the cap.
 */
final class RestartDelays {
  private RestartDelays() {}

  /** The delay before restarting after the {@code recentErrors}th consecutive failure. */
  static Duration afterError(EngineConfig config, int recentErrors) {
    double nanos = nanos(config.errorDelay());
    if (config.backoffFactor() > 0 && recentErrors > 1) {
      nanos *= Math.pow(config.backoffFactor(), recentErrors - 1);
    }
    double max = nanos(config.maxDelay());
    return toDuration(Math.min(fuzz(Math.min(nanos, max), config.fuzz()), max));
  }

  /** The fuzzed bounce delay. */
  static Duration afterBounce(EngineConfig config) {
    return toDuration(fuzz(nanos(config.bounceDelay()), config.fuzz()));
  }

  /** {@code d} in nanoseconds as a double, for any duration: {@code toNanos()} overflows. */
  private static double nanos(Duration d) {
    return d.getSeconds() * 1e9 + d.getNano();
  }

  private static double fuzz(double nanos, double fuzz) {
    if (nanos <= 0 || fuzz == 0) {
      return Math.max(0, nanos);
    }
    return nanos * (1 + fuzz * (2 * ThreadLocalRandom.current().nextDouble() - 1));
  }

  private static Duration toDuration(double nanos) {
    // Infinity and NaN cannot arise once capped, but guard the conversion anyway.
    if (!(nanos > 0)) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) nanos);
  }
}
