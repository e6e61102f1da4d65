package io.windlass.manifolds.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationTextTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "3s, PT3S",
    "2m, PT2M",
    "1h, PT1H",
    "7d, PT168H",
    "0s, PT0S",
    "'3 s', PT3S",
    "PT1M30S, PT1M30S",
    "P2D, PT48H"
  })
  void readsAmountWithUnitOrIso8601(String text, Duration expected) {
    assertThat(DurationText.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "7 | \"7\" is not a duration: it has no unit (use e.g. 7s)",
        "5sec | \"5sec\" is not a duration: unknown unit \"sec\" (use e.g. 500ms, 3s, 2m, 1h, 7d"
            + " or PT1M30S)",
        "-1s | \"-1s\" is not a duration: it must not be negative",
        "PT-1S | \"PT-1S\" is not a duration: it must not be negative",
        "PT1X | \"PT1X\" is not an ISO-8601 duration (e.g. PT1M30S)",
        "1.5h | \"1.5h\" is not a duration (use e.g. 500ms, 3s, 2m, 1h, 7d or PT1M30S)",
        "soon | \"soon\" is not a duration (use e.g. 500ms, 3s, 2m, 1h, 7d or PT1M30S)",
        "99999999999999999999s | \"99999999999999999999s\" is too long a duration",
        "999999999999999999d | \"999999999999999999d\" is too long a duration"
      })
  void saysWhatIsWrongWithAnythingElse(String text, String message) {
    assertThatThrownBy(() -> DurationText.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @CsvSource({
    "PT0S, 0s",
    "PT0.5S, 500ms",
    "PT3S, 3s",
    "PT90S, 90s",
    "PT2M, 2m",
    "PT1H, 1h",
    "PT168H, 7d",
    "PT0.0000001S, PT0.0000001S"
  })
  void formatsInTheLargestExactUnit(Duration duration, String text) {
    assertThat(DurationText.format(duration)).isEqualTo(text);
  }
}
