package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.spool.internal.SpoolJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code NaN}, {@code +Inf} and {@code -Inf} are stored for {@link DeclaredMetrics#anyValue()} (the
 * HTTP pushes with nothing declared) and read back as written by every reader; declared metrics
 * keep refusing them.
 */
class NonFiniteValuesTest {
  private static final Instant T = Instant.parse("2025-03-04T05:06:07Z");
  private static final List<String> NON_FINITE = List.of("NaN", "+Inf", "-Inf");

  @TempDir Path dir;

  @Test
  void anyValueStoresTheThreeSpellingsAndEveryReaderReadsThemBack() throws Exception {
    try (SpoolDirectory spool =
        SpoolDirectory.open(dir.resolve("spool"), SpoolOptions.defaults())) {
      try (MetricRecorder recorder = spool.recorder(DeclaredMetrics.anyValue(), "push:test", "a")) {
        for (String value : NON_FINITE) {
          recorder.addMetric("by_add", value, T, Map.of("x", "1"));
        }
        SeriesRecorder handle = recorder.series("by_handle", Map.of("x", "1"));
        for (String value : NON_FINITE) {
          byte[] text = value.getBytes(StandardCharsets.US_ASCII);
          handle.add(text, 0, text.length, T);
          handle.add(value, T);
        }
      }

      List<String> read = new ArrayList<>();
      try (MetricReader reader = spool.reader()) {
        for (MetricBatch batch : reader.read()) {
          batch.metrics().forEach(m -> read.add(m.key() + "=" + m.value()));
        }
      }
      assertThat(read)
          .containsExactly(
              "by_add=NaN",
              "by_add=+Inf",
              "by_add=-Inf",
              "by_handle=NaN",
              "by_handle=NaN",
              "by_handle=+Inf",
              "by_handle=+Inf",
              "by_handle=-Inf",
              "by_handle=-Inf");

      Path data;
      try (var files = Files.list(dir.resolve("spool"))) {
        data =
            files
                .filter(p -> !p.getFileName().toString().contains("."))
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow();
      }
      byte[] bytes = Files.readAllBytes(data);
      assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"value\":\"+Inf\"");
      assertThat(SpoolJson.decodeMetrics("u", bytes))
          .extracting(Metric::value)
          .containsExactly("NaN", "+Inf", "-Inf", "NaN", "NaN", "+Inf", "+Inf", "-Inf", "-Inf");
    }
  }

  @Test
  void declaredMetricsAndOtherSpellingsKeepBeingRefused() throws Exception {
    try (SpoolDirectory spool =
        SpoolDirectory.open(dir.resolve("spool"), SpoolOptions.defaults())) {
      MetricRecorder strict = spool.recorder(DeclaredMetrics.any(), "local:ingest", "a");
      MetricRecorder counters =
          spool.recorder(DeclaredMetrics.of("c", MetricKind.COUNTER), "local:ingest", "a");
      MetricRecorder pushes = spool.recorder(DeclaredMetrics.anyValue(), "push:test", "a");

      for (String value : NON_FINITE) {
        assertThatThrownBy(() -> strict.addMetric("g", value, T, Map.of()))
            .isInstanceOf(MetricsDataException.class)
            .hasMessage("metric \"g\" value \"" + value + "\" is not a finite number");
        assertThatThrownBy(() -> counters.addMetric("c", value, T, Map.of()))
            .isInstanceOf(MetricsDataException.class)
            .hasMessage("metric \"c\" value \"" + value + "\" is not a finite number");
      }
      for (String value : List.of("nan", "Inf", "inf", "+inf", "Infinity", "1e999")) {
        assertThatThrownBy(() -> pushes.addMetric("g", value, T, Map.of()))
            .as(value)
            .isInstanceOf(MetricsDataException.class);
      }
      assertThat(DeclaredMetrics.anyValue()).isNotEqualTo(DeclaredMetrics.any());
      assertThat(DeclaredMetrics.anyValue().allowsNonFinite()).isTrue();
      assertThat(DeclaredMetrics.any().allowsNonFinite()).isFalse();
      strict.discard();
      counters.discard();
      pushes.discard();
    }
  }
}
