package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MetricReader#rejectPart}: part of a batch into {@code rejected/}, as a batch of its own.
 */
class JsonMetricReaderRejectPartTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  @TempDir Path dir;

  @Test
  void putsThePartIntoRejectedAsABatchOfItsOwnAndLeavesTheBatch() throws Exception {
    try (SpoolDirectory spool = SpoolDirectory.open(dir)) {
      JsonMetricRecorder recorder = spool.recorder(DeclaredMetrics.any(), "push:prometheus", "a-1");
      for (int i = 0; i < 3; i++) {
        recorder.addMetric("load", Integer.toString(i), T0.plusSeconds(i), Map.of("n", "" + i));
      }
      recorder.close();
      try (MetricReader reader = spool.reader()) {
        MetricBatch batch = reader.read().get(0);

        String part =
            reader.rejectPart(batch, List.of(batch.metrics().get(1)), "HTTP 400: out of bounds");

        assertThat(part).isNotEqualTo(batch.uuid());
        assertThat(reader.read()).extracting(MetricBatch::uuid).containsExactly(batch.uuid());
        RejectedBatch rejected = reader.rejected().get(0);
        assertThat(rejected.uuid()).isEqualTo(part);
        assertThat(rejected.reason()).isEqualTo("HTTP 400: out of bounds");
        assertThat(rejected.metadata().orElseThrow().charmUrl()).isEqualTo("push:prometheus");
        assertThat(rejected.metadata().orElseThrow().unitTag()).isEqualTo("a-1");
        assertThat(reader.rejected()).hasSize(1);
      }
    }
  }
}
