package io.windlass.spool.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EncodedTimesTest {
  private static final Instant T = Instant.parse("2026-12-07T15:00:00.250Z");

  @Test
  void encodesAsTheLineEncoderDoes() {
    EncodedTimes times = new EncodedTimes();
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 10_000; i++) {
      Instant time = T.plusMillis(random.nextLong(-1_000_000_000L, 1_000_000_000L));
      assertThat(new String(times.of(time), US_ASCII))
          .isEqualTo(new String(MetricLineEncoder.time(time), US_ASCII));
    }
  }

  @Test
  void encodesEachOfAFewInterleavedTimesOnce() {
    EncodedTimes times = new EncodedTimes();
    byte[][] first = new byte[10][];
    for (int t = 0; t < 10; t++) {
      first[t] = times.of(T.plusSeconds(t));
    }
    for (int series = 0; series < 100; series++) {
      for (int t = 0; t < 10; t++) {
        // An equal instant, not the same object, as each request's decoder makes its own.
        assertThat(times.of(Instant.ofEpochMilli(T.plusSeconds(t).toEpochMilli())))
            .isSameAs(first[t]);
      }
    }
  }
}
