package io.windlass.spool.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffPolicyTest {
  private final BackoffPolicy policy =
      new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60), 0);

  private Duration delay(int failures) {
    return policy.delay(failures, Optional.empty(), () -> 0.5);
  }

  @Test
  void doublesFromMinAndStopsAtMax() {
    assertThat(delay(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(delay(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(delay(6)).isEqualTo(Duration.ofSeconds(32));
    assertThat(delay(7)).isEqualTo(Duration.ofSeconds(60));
    assertThat(delay(1000)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void fuzzSpreadsEachWaitEitherWayButNeverPastMax() {
    BackoffPolicy fuzzy = new BackoffPolicy(Duration.ofSeconds(10), Duration.ofSeconds(60), 0.1);

    assertThat(fuzzy.delay(1, Optional.empty(), () -> 0)).isEqualTo(Duration.ofSeconds(9));
    assertThat(fuzzy.delay(1, Optional.empty(), () -> 1)).isEqualTo(Duration.ofSeconds(11));
    assertThat(fuzzy.delay(3, Optional.empty(), () -> 1)).isEqualTo(Duration.ofSeconds(44));
    assertThat(fuzzy.delay(9, Optional.empty(), () -> 1)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void aRetryAfterReplacesTheDoublingWithinMinAndMax() {
    assertThat(policy.delay(5, Optional.of(Duration.ofSeconds(3)), () -> 0.5))
        .isEqualTo(Duration.ofSeconds(3));
    assertThat(policy.delay(1, Optional.of(Duration.ofHours(1)), () -> 0.5))
        .isEqualTo(Duration.ofSeconds(60));
    assertThat(policy.delay(1, Optional.of(Duration.ZERO), () -> 0.5))
        .as("never sooner than min")
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void validatesItsBounds() {
    assertThatThrownBy(() -> new BackoffPolicy(Duration.ZERO, Duration.ofSeconds(1), 0))
        .hasMessage("backoff min PT0S must be > 0");
    assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 0))
        .hasMessage("backoff max PT1S must be >= min PT2S");
    assertThatThrownBy(() -> new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 1))
        .hasMessage("backoff fuzz 1.0 must be in [0, 1)");
    assertThatThrownBy(() -> policy.delay(0, Optional.empty(), () -> 0))
        .hasMessage("failures 0 must be >= 1");
  }
}
