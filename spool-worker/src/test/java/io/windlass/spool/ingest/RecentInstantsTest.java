package io.windlass.spool.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecentInstantsTest {
  private static final long T = Instant.parse("2026-12-07T15:00:00.250Z").toEpochMilli();

  @Test
  void givesTheInstantOfEveryTimestamp() {
    RecentInstants instants = new RecentInstants(Instant::ofEpochMilli);
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 10_000; i++) {
      long millis = T + random.nextLong(-40, 40) * (random.nextBoolean() ? 1 : 1_000_000_007L);
      assertThat(instants.of(millis)).isEqualTo(Instant.ofEpochMilli(millis));
    }
  }

  @Test
  void makesOneInstantPerTimestampOfAFewInterleavedOnes() {
    RecentInstants instants = new RecentInstants(Instant::ofEpochMilli);
    Instant[] first = new Instant[10];
    for (int t = 0; t < 10; t++) {
      first[t] = instants.of(T + t * 15_000L);
    }
    for (int series = 0; series < 100; series++) {
      for (int t = 0; t < 10; t++) {
        assertThat(instants.of(T + t * 15_000L)).isSameAs(first[t]);
      }
    }
  }
}
