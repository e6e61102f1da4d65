package io.windlass.spool.ingest.socket;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricReader;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.SpoolOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ingest.sock} refuses label values a backend cannot store as sent, in both forms: a NUL
 * (raw in the text form, escaped in JSON) and, in JSON, an unpaired surrogate escape. (A line that
 * is not UTF-8 is refused before it is parsed: see {@code LineConnectionHandler}.)
 */
class IngestTextRulesTest {
  private static final Instant NOW = Instant.parse("2025-03-04T05:06:07Z");

  @TempDir Path dir;

  @Test
  void labelValuesWithANulOrAnUnpairedSurrogateAreRefusedAndNothingOfTheLineIsStored()
      throws Exception {
    try (SpoolDirectory spool =
        SpoolDirectory.open(dir.resolve("spool"), SpoolOptions.defaults())) {
      IngestHandler handler =
          new IngestHandler(
              spool, DeclaredMetrics.any(), "agent-7", Clock.fixed(NOW, ZoneOffset.UTC));

      List<String> replies =
          handler.handle(
              List.of(
                  "a=1 b=2 --labels zone=x\0y",
                  "{\"key\":\"c\",\"value\":3,\"labels\":{\"zone\":\"x\\u0000\"}}",
                  "{\"key\":\"d\",\"value\":4,\"labels\":{\"zone\":\"x\\ud800\"}}",
                  "{\"key\":\"e\",\"value\":5,\"labels\":{\"zone\":\"Zürich\\t\\n\"}}"));

      assertThat(replies)
          .containsExactly(
              "error: metric \"a\" label \"zone\" value has a NUL character (U+0000) at index 1",
              "error: metric \"c\" label \"zone\" value has a NUL character (U+0000) at index 1",
              "error: metric \"d\" label \"zone\" value has an unpaired surrogate at index 1",
              "ok");
      try (MetricReader reader = spool.reader()) {
        assertThat(reader.read())
            .singleElement()
            .satisfies(
                batch ->
                    assertThat(batch.metrics())
                        .singleElement()
                        .satisfies(
                            m -> assertThat(m.labels()).containsEntry("zone", "Zürich\t\n")));
      }
    }
  }
}
