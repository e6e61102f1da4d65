package io.windlass.collector.inputs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CounterRateTest {
  @Test
  void ratePerSecondOverTheElapsedNanos() {
    assertThat(CounterRate.perSecond(100, 350, 500_000_000L)).hasValue(500.0);
  }

  @Test
  void unchangedCounterIsZero() {
    assertThat(CounterRate.perSecond(7, 7, 1_000_000_000L)).hasValue(0.0);
  }

  @Test
  void counterThatWentBackwardsHasNoRate() {
    assertThat(CounterRate.perSecond(100, 99, 1_000_000_000L)).isEmpty();
  }

  @Test
  void noElapsedTimeHasNoRate() {
    assertThat(CounterRate.perSecond(1, 2, 0)).isEmpty();
    assertThat(CounterRate.perSecond(1, 2, -5)).isEmpty();
  }

  @Test
  void hugeCountersStayFinite() {
    assertThat(CounterRate.perSecond(0, Long.MAX_VALUE, 1).getAsDouble()).isFinite();
  }
}
