package io.windlass.manifolds.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.manifolds.console.SpoolHistory.Point;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SpoolHistoryTest {
  private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

  /** A clock the test moves by hand. */
  private static final class FakeClock extends Clock {
    private Instant now = T0;

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final FakeClock clock = new FakeClock();

  @Test
  void keepsOnePointPerStepTheLatestSampleInAStepWinning() {
    SpoolHistory history = new SpoolHistory(clock, Duration.ofMinutes(1), Duration.ofSeconds(10));
    history.sample(100, 1, Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(3));
    history.sample(200, 2, Duration.ofSeconds(8));
    clock.advance(Duration.ofSeconds(7));
    history.sample(300, 3, Duration.ofMillis(1500));

    assertThat(history.points())
        .containsExactly(new Point(T0, 200, 2, 8), new Point(T0.plusSeconds(10), 300, 3, 1));
  }

  @Test
  void dropsPointsOlderThanTheSpanOldestFirst() {
    SpoolHistory history = new SpoolHistory(clock, Duration.ofSeconds(30), Duration.ofSeconds(10));
    for (int i = 0; i < 5; i++) {
      history.sample(i, i, Duration.ZERO);
      clock.advance(Duration.ofSeconds(10));
    }
    clock.advance(Duration.ofSeconds(-10)); // back to the last sample's time

    assertThat(history.capacity()).isEqualTo(3);
    assertThat(history.points())
        .extracting(Point::bytes)
        .as("the last three steps; the two before are gone")
        .containsExactly(2L, 3L, 4L);
  }

  @Test
  void pointsFallOutWhenNobodySamplesForLongerThanTheSpan() {
    SpoolHistory history = new SpoolHistory(clock, Duration.ofSeconds(30), Duration.ofSeconds(10));
    history.sample(1, 1, Duration.ZERO);
    clock.advance(Duration.ofSeconds(20));
    assertThat(history.points()).hasSize(1);

    clock.advance(Duration.ofSeconds(10));

    assertThat(history.points()).isEmpty();
  }

  @Test
  void theDefaultIsAnHourInStepsOfTenSeconds() {
    SpoolHistory history = new SpoolHistory(clock);
    assertThat(history.span()).isEqualTo(Duration.ofHours(1));
    assertThat(history.step()).isEqualTo(Duration.ofSeconds(10));
    assertThat(history.capacity()).isEqualTo(360);
    for (int i = 0; i < 400; i++) {
      history.sample(i, 0, Duration.ZERO);
      clock.advance(Duration.ofSeconds(10));
    }
    clock.advance(Duration.ofSeconds(-10));
    assertThat(history.points()).hasSize(360);
    assertThat(history.points().get(0).bytes()).isEqualTo(40);
  }

  @Test
  void badSpansAndStepsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> new SpoolHistory(clock, Duration.ofMinutes(1), Duration.ofMillis(500)))
        .hasMessage("step PT0.5S must be at least 1s");
    assertThatThrownBy(
            () -> new SpoolHistory(clock, Duration.ofSeconds(25), Duration.ofSeconds(10)))
        .hasMessage("span PT25S must be a whole multiple of the step PT10S");
    assertThatThrownBy(() -> new SpoolHistory(clock, Duration.ofDays(1), Duration.ofSeconds(1)))
        .hasMessage("span PT24H holds 86400 steps of PT1S; at most 10000");
  }
}
