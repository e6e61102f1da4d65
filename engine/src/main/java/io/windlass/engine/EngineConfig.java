package io.windlass.engine;

import io.windlass.engine.internal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The engine's restart policy and hooks; validated when built.
 *
 * <p>A worker that fails is restarted after {@code errorDelay × backoffFactor^(recentErrors − 1)},
 * computed in double, capped at {@code maxDelay} and fuzzed by ±{@code fuzz}. {@code recentErrors}
 * counts consecutive failures; it starts again at 1 when the failed worker had run longer than
 * {@code backoffResetTime}, and is cleared by a clean completion or a signal. A bounced worker
 * restarts after {@code bounceDelay} (fuzzed), with no backoff.
 *
 * @param errorDelay the first delay before restarting a failed worker (default 3 s)
 * @param bounceDelay the delay before restarting a bounced worker (default 10 ms)
 * @param backoffFactor growth per consecutive failure; 0 disables backoff (default 1.2)
 * @param backoffResetTime a worker that ran longer than this before failing starts its backoff
 *     again (default 1 min)
 * @param maxDelay the cap on any restart delay (default 2 min)
 * @param fuzz the relative random spread of every non-zero delay, in [0, 1) (default 0.1)
 * @param stopTimeout how long a stopping worker (or an aborted start) may take before it is
 *     abandoned and reported stuck (default 10 s)
 * @param clock the engine's time source and timer (default {@link EngineClock#system()})
 * @param isFatal which errors stop the whole engine (default: {@link FatalException})
 * @param worstError given a new fatal error and the worst so far (null at first), returns the new
 *     worst; the engine ends with it (default: keep the first)
 * @param filter converts the error the engine ends with (default: none); returning null makes the
 *     engine stop cleanly
 */
public record EngineConfig(
    Duration errorDelay,
    Duration bounceDelay,
    double backoffFactor,
    Duration backoffResetTime,
    Duration maxDelay,
    double fuzz,
    Duration stopTimeout,
    EngineClock clock,
    Predicate<Throwable> isFatal,
    BinaryOperator<@Nullable Throwable> worstError,
    UnaryOperator<Throwable> filter) {

  /** Checks every field and reports all problems at once. */
  public EngineConfig {
    List<String> problems = new ArrayList<>();
    notNegative(problems, "errorDelay", errorDelay);
    notNegative(problems, "bounceDelay", bounceDelay);
    notNegative(problems, "backoffResetTime", backoffResetTime);
    notNegative(problems, "maxDelay", maxDelay);
    if (!(backoffFactor == 0 || backoffFactor >= 1) || !Double.isFinite(backoffFactor)) {
      problems.add("backoffFactor " + backoffFactor + " must be 0 (no backoff) or >= 1");
    }
    if (errorDelay != null
        && maxDelay != null
        && !errorDelay.isNegative()
        && !maxDelay.isNegative()
        && maxDelay.compareTo(errorDelay) < 0) {
      problems.add(
          "maxDelay "
              + Durations.format(maxDelay)
              + " must be >= errorDelay "
              + Durations.format(errorDelay));
    }
    if (!(fuzz >= 0 && fuzz < 1)) {
      problems.add("fuzz " + fuzz + " must be in [0, 1)");
    }
    if (stopTimeout == null) {
      problems.add("stopTimeout must not be null");
    } else if (stopTimeout.isNegative() || stopTimeout.isZero()) {
      problems.add("stopTimeout " + Durations.format(stopTimeout) + " must be > 0");
    }
    if (clock == null) {
      problems.add("clock must not be null");
    }
    if (isFatal == null) {
      problems.add("isFatal must not be null");
    }
    if (worstError == null) {
      problems.add("worstError must not be null");
    }
    if (filter == null) {
      problems.add("filter must not be null");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid engine config: " + String.join("; ", problems));
    }
  }

  /** The defaults; see the field descriptions. */
  public static EngineConfig defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this config. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  private static void notNegative(List<String> problems, String field, Duration value) {
    if (value == null) {
      problems.add(field + " must not be null");
    } else if (value.isNegative()) {
      problems.add(field + " " + Durations.format(value) + " must be >= 0");
    }
  }

  /** Builds an {@link EngineConfig}; every field starts at its default. */
  public static final class Builder {
    private Duration errorDelay = Duration.ofSeconds(3);
    private Duration bounceDelay = Duration.ofMillis(10);
    private double backoffFactor = 1.2;
    private Duration backoffResetTime = Duration.ofMinutes(1);
    private Duration maxDelay = Duration.ofMinutes(2);
    private double fuzz = 0.1;
    private Duration stopTimeout = Duration.ofSeconds(10);
    private EngineClock clock = EngineClock.system();
    private Predicate<Throwable> isFatal = FatalException.class::isInstance;
    private BinaryOperator<@Nullable Throwable> worstError =
        (error, worst) -> worst == null ? error : worst;
    private UnaryOperator<Throwable> filter = UnaryOperator.identity();

    private Builder() {}

    private Builder(EngineConfig c) {
      errorDelay = c.errorDelay;
      bounceDelay = c.bounceDelay;
      backoffFactor = c.backoffFactor;
      backoffResetTime = c.backoffResetTime;
      maxDelay = c.maxDelay;
      fuzz = c.fuzz;
      stopTimeout = c.stopTimeout;
      clock = c.clock;
      isFatal = c.isFatal;
      worstError = c.worstError;
      filter = c.filter;
    }

    public Builder errorDelay(Duration value) {
      errorDelay = value;
      return this;
    }

    public Builder bounceDelay(Duration value) {
      bounceDelay = value;
      return this;
    }

    public Builder backoffFactor(double value) {
      backoffFactor = value;
      return this;
    }

    public Builder backoffResetTime(Duration value) {
      backoffResetTime = value;
      return this;
    }

    public Builder maxDelay(Duration value) {
      maxDelay = value;
      return this;
    }

    public Builder fuzz(double value) {
      fuzz = value;
      return this;
    }

    public Builder stopTimeout(Duration value) {
      stopTimeout = value;
      return this;
    }

    public Builder clock(EngineClock value) {
      clock = value;
      return this;
    }

    public Builder isFatal(Predicate<Throwable> value) {
      isFatal = value;
      return this;
    }

    public Builder worstError(BinaryOperator<@Nullable Throwable> value) {
      worstError = value;
      return this;
    }

    public Builder filter(UnaryOperator<Throwable> value) {
      filter = value;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming every invalid field
     */
    public EngineConfig build() {
      return new EngineConfig(
          errorDelay,
          bounceDelay,
          backoffFactor,
          backoffResetTime,
          maxDelay,
          fuzz,
          stopTimeout,
          clock,
          isFatal,
          worstError,
          filter);
    }
  }

  @Override
  public String toString() {
    return "EngineConfig{errorDelay="
        + Durations.format(errorDelay)
        + ", bounceDelay="
        + Durations.format(bounceDelay)
        + ", backoffFactor="
        + backoffFactor
        + ", backoffResetTime="
        + Durations.format(backoffResetTime)
        + ", maxDelay="
        + Durations.format(maxDelay)
        + ", fuzz="
        + fuzz
        + ", stopTimeout="
        + Durations.format(stopTimeout)
        + "}";
  }
}
