package io.windlass.spool.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.MetricReader;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.SpoolOptions;
import io.windlass.spool.ingest.socket.IngestHandler;
import io.windlass.spool.ingest.socket.IngestRequestParser;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SampleTimeBounds}, and {@code ingest.sock} refusing lines whose time is out of them. */
class SampleTimeBoundsTest {
  private static final Instant NOW = Instant.parse("2025-03-04T05:06:07Z");
  private static final SampleTimeBounds BOUNDS = SampleTimeBounds.defaults();

  @TempDir Path dir;

  @Test
  void theDefaultsAreTenMinutesAheadAndSevenDaysBehind() {
    assertThat(BOUNDS.maxAhead()).isEqualTo(Duration.ofMinutes(10));
    assertThat(BOUNDS.maxBehind()).isEqualTo(Duration.ofDays(7));
    assertThat(BOUNDS.latestMillis(NOW)).isEqualTo(NOW.plusSeconds(600).toEpochMilli());
    assertThat(BOUNDS.earliestMillis(NOW)).isEqualTo(NOW.minus(Duration.ofDays(7)).toEpochMilli());
  }

  @Test
  void aTimeOutOfBoundsIsWordedWithTheBoundAndTheClock() {
    assertThat(BOUNDS.problem(NOW, NOW)).isNull();
    assertThat(BOUNDS.problem(NOW.plusSeconds(600), NOW)).isNull();
    assertThat(BOUNDS.problem(NOW.minus(Duration.ofDays(7)), NOW)).isNull();
    assertThat(BOUNDS.problem(Instant.parse("5000-01-01T00:00:00Z"), NOW))
        .isEqualTo(
            "timestamp 5000-01-01T00:00:00Z is more than 10m ahead of the agent's clock"
                + " (2025-03-04T05:06:07Z)");
    assertThat(BOUNDS.problem(Instant.parse("1970-01-01T00:00:00Z"), NOW))
        .isEqualTo(
            "timestamp 1970-01-01T00:00:00Z is more than 7d behind the agent's clock"
                + " (2025-03-04T05:06:07Z)");
    assertThat(BOUNDS.problem(Instant.MAX, NOW)).contains("is more than 10m ahead");
    assertThat(
            new SampleTimeBounds(Duration.ofSeconds(90), Duration.ofMillis(1500)).problem(0, NOW))
        .contains("more than 1500ms behind");
  }

  @Test
  void boundsMustNotBeNegativeAndTheLowerOneMustBePositive() {
    assertThatThrownBy(() -> new SampleTimeBounds(Duration.ofSeconds(-1), Duration.ofDays(1)))
        .hasMessage("maxAhead PT-1S must be >= 0");
    assertThatThrownBy(() -> new SampleTimeBounds(Duration.ZERO, Duration.ZERO))
        .hasMessage("maxBehind PT0S must be > 0");
    assertThat(new SampleTimeBounds(Duration.ZERO, Duration.ofDays(1)).problem(NOW, NOW)).isNull();
  }

  @Test
  void hugeBoundsAreCutToWhatTheSpoolCanStore() {
    SampleTimeBounds huge =
        new SampleTimeBounds(Duration.ofDays(100_000_000L), Duration.ofDays(100_000_000L));

    assertThat(huge).isEqualTo(SampleTimeBounds.unbounded());
    assertThat(huge.problem(Instant.parse("9999-12-31T23:59:59Z"), NOW)).isNull();
    assertThat(huge.problem(Instant.parse("0000-01-01T00:00:00Z"), NOW)).isNull();
  }

  @Test
  void ingestSockRefusesAJsonLineWhoseTimeIsOutOfBoundsAndStoresTheOthers() throws Exception {
    try (SpoolDirectory spool =
        SpoolDirectory.open(dir.resolve("spool"), SpoolOptions.defaults())) {
      IngestHandler handler =
          new IngestHandler(
              spool,
              DeclaredMetrics.any(),
              IngestHandler.CHARM_URL,
              "agent-7",
              Clock.fixed(NOW, ZoneOffset.UTC),
              new IngestRequestParser(),
              BOUNDS);

      List<String> replies =
          handler.handle(
              List.of(
                  "{\"key\":\"a\",\"value\":1,\"time\":\"5000-01-01T00:00:00Z\"}",
                  "{\"key\":\"b\",\"value\":2,\"time\":\"2025-03-04T05:16:07Z\"}",
                  "{\"key\":\"c\",\"value\":3,\"time\":\"2025-02-01T00:00:00+01:00\"}",
                  "d=4 --labels x=y"));

      assertThat(replies)
          .containsExactly(
              "error: metric \"a\" timestamp 5000-01-01T00:00:00Z is more than 10m ahead of the"
                  + " agent's clock (2025-03-04T05:06:07Z)",
              "ok",
              "error: metric \"c\" timestamp 2025-01-31T23:00:00Z is more than 7d behind the"
                  + " agent's clock (2025-03-04T05:06:07Z)",
              "ok");
      try (MetricReader reader = spool.reader()) {
        List<MetricBatch> batches = reader.read();
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0).metrics()).extracting(m -> m.key()).containsExactly("b", "d");
      }
    }
  }
}
