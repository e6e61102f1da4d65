package io.windlass.manifolds.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricKind;
import io.windlass.spool.MetricReader;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.SpoolOptions;
import io.windlass.spool.ingest.SampleTimeBounds;
import io.windlass.spool.ingest.format.Precision;
import io.windlass.spool.ingest.http.HttpIngest;
import io.windlass.spool.ingest.http.PushFormat;
import io.windlass.spool.ingest.http.PushOutcome;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pushed NaN or infinity is stored, or refused with 400 when metrics are declared: never answered
 * 204 and dropped.
 */
class PushNonFiniteTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  @TempDir Path dir;

  private List<String> pushAndRead(DeclaredMetrics declared, PushOutcome[] outcomes)
      throws Exception {
    try (SpoolDirectory spool =
        SpoolDirectory.open(dir.resolve("spool"), SpoolOptions.defaults())) {
      IngestSlot slot = new IngestSlot();
      HttpIngest ingest =
          new HttpIngest(
              spool,
              HttpIngestWorker.pushedMetrics(declared),
              "agent-test",
              1 << 20,
              Clock.fixed(NOW, ZoneOffset.UTC),
              SampleTimeBounds.defaults(),
              slot.stats(),
              slot.parsers());
      outcomes[0] = push(ingest, PushFormat.PROMETHEUS, "a NaN\nb +Inf\nc -Inf\nd 1\n");
      outcomes[1] = push(ingest, PushFormat.INFLUX, "m e=nan,f=1e999,g=-inf\n");
      try (MetricReader reader = spool.reader()) {
        return reader.read().stream()
            .flatMap(b -> b.metrics().stream())
            .map(m -> m.key() + "=" + m.value())
            .toList();
      }
    }
  }

  @Test
  void withNothingDeclaredNanAndInfinitiesAreStored() throws Exception {
    PushOutcome[] outcomes = new PushOutcome[2];

    List<String> stored = pushAndRead(DeclaredMetrics.any(), outcomes);

    assertThat(outcomes).extracting(PushOutcome::status).containsExactly(204, 204);
    assertThat(stored)
        .containsExactly("a=NaN", "b=+Inf", "c=-Inf", "d=1", "m_e=NaN", "m_f=+Inf", "m_g=-Inf");
  }

  @Test
  void declaredMetricsKeepTheirRulesAndTheRequestIsRefusedWhole() throws Exception {
    PushOutcome[] outcomes = new PushOutcome[2];

    List<String> stored =
        pushAndRead(
            DeclaredMetrics.of(
                java.util.Map.of("*", MetricKind.GAUGE, "other", MetricKind.COUNTER)),
            outcomes);

    assertThat(outcomes).extracting(PushOutcome::status).containsExactly(400, 400);
    assertThat(outcomes[0].message())
        .isEqualTo("line 1: metric \"a\" value \"NaN\" is not a finite number");
    assertThat(outcomes[1].message())
        .isEqualTo("line 1: metric \"m_e\" value \"NaN\" is not a finite number");
    assertThat(stored).isEmpty();
  }

  private static PushOutcome push(HttpIngest ingest, PushFormat format, String body) {
    return ingest.push(
        format,
        new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
        Precision.NANOSECONDS);
  }
}
