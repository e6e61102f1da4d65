package io.windlass.manifolds.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricReader;
import io.windlass.spool.MetricRecorder;
import io.windlass.spool.MetricsDataException;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.SpoolOptions;
import io.windlass.spool.ingest.SampleTimeBounds;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeBoundedRecorderTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  @TempDir Path dir;

  /**
   * Covers a bug where a scraped or exec'd sample stamped in the year 5000 was spooled, and then
   * made Prometheus refuse every later sample.
   */
  @Test
  void aCollectedSampleOutOfBoundsIsRefusedAndTheRestOfTheBatchIsWritten() throws Exception {
    try (SpoolDirectory spool =
        SpoolDirectory.open(dir.resolve("spool"), SpoolOptions.defaults())) {
      try (MetricRecorder recorder =
          new TimeBoundedRecorder(
              spool.recorder(DeclaredMetrics.any(), "input:prometheus", "a"),
              SampleTimeBounds.defaults(),
              Clock.fixed(NOW, ZoneOffset.UTC))) {
        recorder.addMetric("ok", "1", NOW, Map.of());
        assertThatThrownBy(
                () ->
                    recorder.addMetric(
                        "future", "1", Instant.parse("5000-01-01T00:00:00Z"), Map.of()))
            .isInstanceOf(MetricsDataException.class)
            .hasMessage(
                "metric \"future\" timestamp 5000-01-01T00:00:00Z is more than 10m ahead of the"
                    + " agent's clock (2025-06-01T12:00:00Z)");
        recorder.addMetric("also_ok", "2", NOW.minusSeconds(60), Map.of());
      }
      try (MetricReader reader = spool.reader()) {
        assertThat(reader.read())
            .singleElement()
            .satisfies(
                b ->
                    assertThat(b.metrics())
                        .extracting(m -> m.key())
                        .containsExactly("ok", "also_ok"));
      }
    }
  }
}
