package io.windlass.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenarios 30–33: config validation and restart backoff.
 *
 * <p>The backoff scenarios run with error delay 1 s, factor 2, max delay 3 s, reset time 1 min and
 * the default ±10 % fuzz, on the harness's manual clock. After each failure exactly one timer waits
 * (the restart delay); the tests check its length against the expected window, then advance the
 * clock to one nanosecond short of it (no restart yet) and onto it (the restart happens), so every
 * retry is observed at the engine time it happens.
 */
class EngineBackoffTest {
  private final EngineHarness h = new EngineHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  // ---------------------------------------------------------------- 30

  static Stream<Arguments> invalidFields() {
    return Stream.of(
        invalid("errorDelay null", b -> b.errorDelay(null), "errorDelay must not be null"),
        invalid("errorDelay negative", b -> b.errorDelay(ms(-1)), "errorDelay -1ms must be >= 0"),
        invalid(
            "errorDelay above maxDelay",
            b -> b.errorDelay(Duration.ofMinutes(3)),
            "maxDelay 2m must be >= errorDelay 3m"),
        invalid("bounceDelay null", b -> b.bounceDelay(null), "bounceDelay must not be null"),
        invalid(
            "bounceDelay negative", b -> b.bounceDelay(ms(-5)), "bounceDelay -5ms must be >= 0"),
        invalid(
            "backoffFactor between 0 and 1",
            b -> b.backoffFactor(0.5),
            "backoffFactor 0.5 must be 0 (no backoff) or >= 1"),
        invalid(
            "backoffFactor negative",
            b -> b.backoffFactor(-2),
            "backoffFactor -2.0 must be 0 (no backoff) or >= 1"),
        invalid(
            "backoffFactor NaN",
            b -> b.backoffFactor(Double.NaN),
            "backoffFactor NaN must be 0 (no backoff) or >= 1"),
        invalid(
            "backoffFactor infinite",
            b -> b.backoffFactor(Double.POSITIVE_INFINITY),
            "backoffFactor Infinity must be 0 (no backoff) or >= 1"),
        invalid(
            "backoffResetTime null",
            b -> b.backoffResetTime(null),
            "backoffResetTime must not be null"),
        invalid(
            "backoffResetTime negative",
            b -> b.backoffResetTime(Duration.ofMinutes(-1)),
            "backoffResetTime -1m must be >= 0"),
        invalid("maxDelay null", b -> b.maxDelay(null), "maxDelay must not be null"),
        invalid(
            "maxDelay negative",
            b -> b.maxDelay(Duration.ofSeconds(-1)),
            "maxDelay -1s must be >= 0"),
        invalid(
            "maxDelay below errorDelay",
            b -> b.maxDelay(Duration.ofSeconds(2)),
            "maxDelay 2s must be >= errorDelay 3s"),
        invalid("fuzz negative", b -> b.fuzz(-0.1), "fuzz -0.1 must be in [0, 1)"),
        invalid("fuzz one", b -> b.fuzz(1), "fuzz 1.0 must be in [0, 1)"),
        invalid("fuzz NaN", b -> b.fuzz(Double.NaN), "fuzz NaN must be in [0, 1)"),
        invalid("stopTimeout null", b -> b.stopTimeout(null), "stopTimeout must not be null"),
        invalid(
            "stopTimeout zero", b -> b.stopTimeout(Duration.ZERO), "stopTimeout 0s must be > 0"),
        invalid(
            "stopTimeout negative",
            b -> b.stopTimeout(Duration.ofSeconds(-10)),
            "stopTimeout -10s must be > 0"),
        invalid("clock null", b -> b.clock(null), "clock must not be null"),
        invalid("isFatal null", b -> b.isFatal(null), "isFatal must not be null"),
        invalid("worstError null", b -> b.worstError(null), "worstError must not be null"),
        invalid("filter null", b -> b.filter(null), "filter must not be null"));
  }

  private static Arguments invalid(
      String field, UnaryOperator<EngineConfig.Builder> change, String message) {
    return Arguments.of(field, change, "invalid engine config: " + message);
  }

  /**
   * Covers a bug where a negative maxDelay was reported twice: as negative, and as less than
   * errorDelay.
   */
  @ParameterizedTest(name = "30. {0} is rejected: {2}")
  @MethodSource("invalidFields")
  @DisplayName("30. each invalid config field is rejected with its own message; no engine is built")
  void invalidConfigFieldIsRejected(
      String field, UnaryOperator<EngineConfig.Builder> change, String message) {
    EngineConfig.Builder builder = change.apply(EngineConfig.builder());
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);

    // Through Guice, the engine is never constructed: injector creation fails with that message
    // and the manifold it would have run never starts.
    Manifold probe = h.manifold("probe").build();
    AbstractModule withConfig =
        new AbstractModule() {
          @Override
          protected void configure() {
            Multibinder.newSetBinder(binder(), Manifold.class).addBinding().toInstance(probe);
            OptionalBinder.newOptionalBinder(binder(), EngineConfig.class)
                .setBinding()
                .toProvider(
                    (com.google.inject.Provider<EngineConfig>)
                        () -> change.apply(EngineConfig.builder()).build());
          }
        };
    CreationException failed =
        catchThrowableOfType(
            CreationException.class, () -> Guice.createInjector(new EngineModule(), withConfig));
    assertThat(failed.getErrorMessages())
        .isNotEmpty()
        .allSatisfy(
            m ->
                assertThat(m.getCause())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(message));
    assertThat(h.startCalls("probe")).isZero();
  }

  @Test
  @DisplayName("30. several invalid fields are reported together, each with its own message")
  void severalInvalidFieldsAreReportedTogether() {
    assertThatThrownBy(
            () ->
                EngineConfig.builder()
                    .errorDelay(ms(-1))
                    .backoffFactor(0.5)
                    .fuzz(2)
                    .clock(null)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid engine config: errorDelay -1ms must be >= 0;"
                + " backoffFactor 0.5 must be 0 (no backoff) or >= 1;"
                + " fuzz 2.0 must be in [0, 1); clock must not be null");
  }

  static Stream<Arguments> validEdges() {
    return Stream.of(
        Arguments.of(
            "zero delays",
            (UnaryOperator<EngineConfig.Builder>)
                b ->
                    b.errorDelay(Duration.ZERO)
                        .bounceDelay(Duration.ZERO)
                        .backoffResetTime(Duration.ZERO)
                        .maxDelay(Duration.ZERO)),
        Arguments.of(
            "backoffFactor 0 (no backoff)",
            (UnaryOperator<EngineConfig.Builder>) b -> b.backoffFactor(0)),
        Arguments.of(
            "backoffFactor 1", (UnaryOperator<EngineConfig.Builder>) b -> b.backoffFactor(1)),
        Arguments.of("fuzz 0", (UnaryOperator<EngineConfig.Builder>) b -> b.fuzz(0)),
        Arguments.of("fuzz just under 1", (UnaryOperator<EngineConfig.Builder>) b -> b.fuzz(0.999)),
        Arguments.of(
            "maxDelay equal to errorDelay",
            (UnaryOperator<EngineConfig.Builder>) b -> b.maxDelay(Duration.ofSeconds(3))),
        Arguments.of(
            "maxDelay forever",
            (UnaryOperator<EngineConfig.Builder>)
                b -> b.maxDelay(ChronoUnit.FOREVER.getDuration())));
  }

  @ParameterizedTest(name = "30. {0} is accepted")
  @MethodSource("validEdges")
  @DisplayName("30. values at the edge of each valid range are accepted")
  void validEdgeValuesAreAccepted(String what, UnaryOperator<EngineConfig.Builder> change) {
    EngineConfig config = change.apply(EngineConfig.builder()).build();
    assertThat(config.toBuilder().build()).isEqualTo(config);
  }

  // ---------------------------------------------------------------- 31–33

  /** Error delay 1 s, factor 2, max 3 s, reset after 1 min, ±{@code fuzz}. */
  private EngineConfig backoff(double fuzz) {
    return h.config()
        .errorDelay(Duration.ofSeconds(1))
        .backoffFactor(2)
        .maxDelay(Duration.ofSeconds(3))
        .backoffResetTime(Duration.ofMinutes(1))
        .fuzz(fuzz)
        .build();
  }

  /** A manifold whose every start fails, counted by the harness's start calls. */
  private Manifold alwaysFails(String name) {
    return Manifold.builder(name)
        .start(
            h.<TestWorker>recording(
                name,
                r -> {
                  throw new IllegalStateException("no luck");
                }))
        .build();
  }

  /** The restart delay: after a failure it is the only timer the engine has set. */
  private Duration restartDelay() {
    List<Duration> pending = h.clock.pendingDelays();
    assertThat(pending).as("timers pending after a failure").hasSize(1);
    return pending.get(0);
  }

  /** Where a restart delay must fall, bounds included. */
  private record Window(Duration min, Duration max) {
    static Window exactly(Duration delay) {
      return new Window(delay, delay);
    }
  }

  /** 1 s ± 10 %. */
  private static final Window ABOUT_1S = new Window(ms(900), ms(1100));

  /** 2 s ± 10 %. */
  private static final Window ABOUT_2S = new Window(ms(1800), ms(2200));

  /** 3 s − 10 %: fuzz applies below the cap, and what it adds is capped again. */
  private static final Window CAPPED_3S = new Window(ms(2700), ms(3000));

  /**
   * Asserts that the pending restart delay lies in {@code window}, that {@code name}'s start is not
   * called a nanosecond before the delay ends and is called when it does; returns the delay.
   */
  private Duration expectRetry(String name, Window window) {
    Duration delay = restartDelay();
    assertThat(delay).as("restart delay").isBetween(window.min(), window.max());
    int calls = h.startCalls(name);
    h.clock.advance(delay.minusNanos(1));
    h.settle();
    assertThat(h.startCalls(name)).as("no retry before %s", delay).isEqualTo(calls);
    h.clock.advance(Duration.ofNanos(1));
    h.settle();
    assertThat(h.startCalls(name)).as("retry after %s", delay).isEqualTo(calls + 1);
    return delay;
  }

  @Test
  @DisplayName("31. a start that always fails is retried after ~1 s, ~2 s, then capped at ~3 s")
  void alwaysFailingStartBacksOffToTheCap() {
    h.start(backoff(0.1), Guice.createInjector(), alwaysFails("flaky"));
    assertThat(h.startCalls("flaky")).isEqualTo(1);

    expectRetry("flaky", ABOUT_1S);
    expectRetry("flaky", ABOUT_2S);
    for (int i = 0; i < 5; i++) {
      expectRetry("flaky", CAPPED_3S);
    }
    assertThat(h.startCalls("flaky")).isEqualTo(8);
    assertThat(h.engine.report().manifold("flaky").error()).isEqualTo("no luck");
  }

  @Test
  @DisplayName("31. without fuzz the delays are exactly 1 s, 2 s, 3 s, 3 s")
  void unfuzzedDelaysAreExact() {
    h.start(backoff(0), Guice.createInjector(), alwaysFails("flaky"));
    for (long seconds : new long[] {1, 2, 3, 3}) {
      expectRetry("flaky", Window.exactly(Duration.ofSeconds(seconds)));
    }
    assertThat(h.startCalls("flaky")).isEqualTo(5);
  }

  /** Lets {@code name}'s running worker run for {@code time} of engine time, then fails it. */
  private void runThenFail(String name, Duration time) {
    assertThat(h.worker(name).isRunning()).isTrue();
    assertThat(h.clock.pendingTimers()).as("nothing pending while it runs").isZero();
    h.clock.advance(time);
    h.settle();
    h.worker(name).fail(new IllegalStateException("crashed"));
    h.settle();
  }

  /**
   * Also covers a bug where the engine reported itself quiescent while a start thread was still
   * inside the new worker's {@code startAsync}; a worker failed right after that then reported its
   * failure late, from that thread, and no restart timer was set yet when the test looked.
   */
  @Test
  @DisplayName(
      "32. a worker that fails soon after each start backs off the same way, each delay counted from the failure")
  void workerFailingSoonAfterStartBacksOff() {
    h.start(backoff(0.1), Guice.createInjector(), h.manifold("w").build());
    assertThat(h.starts("w")).isEqualTo(1);

    // Each worker runs 500 ms before failing; the delay is measured from the failure, so a delay
    // counted from the start would come 500 ms early and fall outside every window.
    runThenFail("w", ms(500));
    expectRetry("w", ABOUT_1S);
    runThenFail("w", ms(500));
    expectRetry("w", ABOUT_2S);
    for (int i = 0; i < 3; i++) {
      runThenFail("w", ms(500));
      expectRetry("w", CAPPED_3S);
    }
    assertThat(h.starts("w")).isEqualTo(6);
    assertThat(h.worker("w").isRunning()).isTrue();
  }

  @Test
  @DisplayName(
      "32. a worker that ran longer than the reset time before failing retries after ~1 s again")
  void workerThatRanLongerThanResetTimeStartsBackoffAgain() {
    h.start(backoff(0.1), Guice.createInjector(), h.manifold("w").build());
    runThenFail("w", ms(500));
    expectRetry("w", ABOUT_1S);
    runThenFail("w", ms(500));
    expectRetry("w", ABOUT_2S);
    runThenFail("w", ms(500));
    expectRetry("w", CAPPED_3S);

    // Just under the reset time: still backing off.
    runThenFail("w", Duration.ofSeconds(59));
    expectRetry("w", CAPPED_3S);

    // Longer than the reset time: backoff starts again from the error delay.
    runThenFail("w", Duration.ofSeconds(61));
    expectRetry("w", ABOUT_1S);
    runThenFail("w", ms(500));
    expectRetry("w", ABOUT_2S);
    assertThat(h.starts("w")).isEqualTo(7);
  }

  @Test
  @DisplayName(
      "33. factor 100, max 1 min, 200 failures in a row: every retry delay is positive and within the cap")
  void steepBackoffStaysWithinTheCap() {
    EngineConfig config =
        h.config()
            .errorDelay(Duration.ofSeconds(1))
            .backoffFactor(100)
            .maxDelay(Duration.ofMinutes(1))
            .fuzz(0.1)
            .build();
    h.start(config, Guice.createInjector(), alwaysFails("flaky"));

    expectRetry("flaky", ABOUT_1S);
    Set<Duration> capped = new HashSet<>();
    for (int failure = 2; failure <= 200; failure++) {
      // From the second failure on, 1 s × 100^(n−1) is far past the cap; fuzz may only shorten it.
      capped.add(expectRetry("flaky", new Window(Duration.ofSeconds(54), Duration.ofMinutes(1))));
    }
    assertThat(h.startCalls("flaky")).isEqualTo(201);
    assertThat(capped).as("the fuzz spreads capped delays").hasSizeGreaterThan(1);
    assertThat(h.engine.isRunning()).isTrue();
    assertThat(h.engine.report().manifold("flaky").error()).isEqualTo("no luck");
  }

  /**
   * Covers a bug where a maxDelay beyond what {@code Duration.toNanos()} can hold (about 292 years)
   * made the first failure throw on the engine loop and stop the engine.
   */
  @Test
  @DisplayName("33. factor 100 with an unbounded cap: delays keep growing and never overflow")
  void steepBackoffWithoutACapDoesNotOverflow() {
    EngineConfig config =
        h.config()
            .errorDelay(Duration.ofSeconds(1))
            .backoffFactor(100)
            .maxDelay(ChronoUnit.FOREVER.getDuration())
            .fuzz(0)
            .build();
    h.start(config, Guice.createInjector(), alwaysFails("flaky"));

    // 1 s, 100 s, ~2.8 h, ~11.6 days, ~3.2 years: exact, then one that no clock reaches.
    for (int n = 0; n < 5; n++) {
      expectRetry("flaky", Window.exactly(Duration.ofSeconds((long) Math.pow(100, n))));
    }
    Duration beyond = restartDelay();
    assertThat(beyond).isGreaterThan(Duration.ofDays(100 * 365));
    assertThat(h.engine.isRunning()).isTrue();
    assertThat(h.startCalls("flaky")).isEqualTo(6);
  }

  /**
   * Covers a bug where a backoffResetTime beyond what {@code Duration.toNanos()} can hold made a
   * running worker's failure throw on the engine loop and stop the engine.
   */
  @Test
  @DisplayName(
      "33. unbounded cap and reset time: a long-running worker's failures keep backing off, no overflow")
  void unboundedResetTimeDoesNotOverflow() {
    EngineConfig config =
        h.config()
            .errorDelay(Duration.ofSeconds(1))
            .backoffFactor(2)
            .maxDelay(ChronoUnit.FOREVER.getDuration())
            .backoffResetTime(ChronoUnit.FOREVER.getDuration())
            .fuzz(0)
            .build();
    h.start(config, Guice.createInjector(), h.manifold("w").build());

    // A year of running is still shorter than a reset time of forever: backoff never resets.
    for (long seconds = 1; seconds <= 4; seconds *= 2) {
      runThenFail("w", Duration.ofDays(365));
      expectRetry("w", Window.exactly(Duration.ofSeconds(seconds)));
    }
    assertThat(h.starts("w")).isEqualTo(4);
    assertThat(h.engine.isRunning()).isTrue();
  }
}
