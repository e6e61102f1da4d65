package io.windlass.manifolds.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TickerWorkerTest {
  private static final Duration HOUR = Duration.ofHours(1);

  @Test
  void withFailEveryATickerFailsAtThatTickSayingWhy() {
    TickerWorker ticker = new TickerWorker(new DemoSettings(HOUR, 3));

    ticker.runOneIteration();
    ticker.runOneIteration();

    assertThat(ticker.tickCount().current()).isEqualTo(2);
    assertThatThrownBy(ticker::runOneIteration)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("ticker failed at tick 3 as demo.fail-every: 3 asks");
  }

  @Test
  void eachFreshTickerCountsFromOneSoEveryStartFailsAtTheSameTick() {
    DemoSettings settings = new DemoSettings(HOUR, 1);

    for (int start = 0; start < 3; start++) {
      TickerWorker fresh = new TickerWorker(settings);
      assertThatThrownBy(fresh::runOneIteration).hasMessageContaining("at tick 1");
    }
  }

  @Test
  void byDefaultATickerNeverFails() {
    TickerWorker ticker = new TickerWorker(DemoSettings.defaults());

    for (int i = 0; i < 1000; i++) {
      ticker.runOneIteration();
    }

    assertThat(ticker.tickCount().current()).isEqualTo(1000);
  }

  @Test
  void failEveryIsFromZeroToTheLimit() {
    assertThat(new DemoSettings(HOUR, DemoSettings.MAX_FAIL_EVERY).failEvery())
        .isEqualTo(1_000_000);
    assertThatThrownBy(() -> new DemoSettings(HOUR, -1))
        .hasMessage("invalid demo settings: failEvery -1 must be from 0 (never) to 1000000");
    assertThatThrownBy(() -> new DemoSettings(HOUR, DemoSettings.MAX_FAIL_EVERY + 1))
        .hasMessage("invalid demo settings: failEvery 1000001 must be from 0 (never) to 1000000");
    assertThatThrownBy(() -> new DemoSettings(Duration.ZERO, 0))
        .hasMessage("invalid demo settings: tickInterval PT0S must be > 0");
  }
}
