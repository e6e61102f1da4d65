package io.windlass.spool.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.Metric;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.ingest.SampleTimeBounds;
import io.windlass.spool.ingest.format.PushParser;
import io.windlass.spool.ingest.format.PushParsers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pushgateway pushes through {@link HttpIngest}: the grouping key's labels, the push's time. */
class GroupedSamplesTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");

  @TempDir Path dir;
  private SpoolDirectory spool;
  private HttpIngest ingest;
  private IngestStats stats;

  @BeforeEach
  void open() throws IOException {
    spool = SpoolDirectory.open(dir);
    stats = new IngestStats();
    ingest =
        new HttpIngest(
            spool,
            DeclaredMetrics.any(),
            "agent-1",
            64L * 1024 * 1024,
            Clock.fixed(NOW, ZoneOffset.UTC),
            SampleTimeBounds.defaults(),
            stats,
            new PushParsers());
  }

  @AfterEach
  void close() throws IOException {
    spool.close();
  }

  private PushOutcome push(String path, String body) {
    return ingest.push(
        GroupingKey.parse(path),
        "text/plain; version=0.0.4",
        new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
  }

  private List<Metric> stored() throws IOException {
    return spool.reader().read().stream().flatMap(batch -> batch.metrics().stream()).toList();
  }

  @Test
  void everySampleGetsTheKeysLabelsAndThePushsTime() throws IOException {
    PushOutcome outcome =
        push(
            "job/backup/instance/db-1",
            "# HELP backup_bytes Bytes.\nbackup_bytes{job=\"x\",disk=\"a\"} 42\n"
                + "backup_bytes{disk=\"b\"} 7\nbackup_bytes{disk=\"a\",job=\"x\"} 43\n"
                + "odd_value{disk=\"a\"} 1e3\n");

    assertThat(outcome).isEqualTo(PushOutcome.stored(4));
    Map<String, String> disk = Map.of("job", "backup", "instance", "db-1", "disk", "a");
    Map<String, String> diskB = Map.of("job", "backup", "instance", "db-1", "disk", "b");
    assertThat(stored())
        .extracting(Metric::key, Metric::labels, Metric::time)
        .containsExactly(
            tuple("backup_bytes", disk, NOW),
            tuple("backup_bytes", diskB, NOW),
            tuple("backup_bytes", disk, NOW),
            tuple("odd_value", disk, NOW));
    assertThat(stored()).extracting(Metric::value).startsWith("42", "7", "43");
    List<MetricBatch> batches = spool.reader().read();
    assertThat(batches).extracting(MetricBatch::charmUrl).containsOnly("push:pushgateway");
    assertThat(stats.of(PushFormat.PUSHGATEWAY).stored.sum()).isEqualTo(1);
    assertThat(stats.of(PushFormat.PUSHGATEWAY).samples.sum()).isEqualTo(4);
  }

  @Test
  void moreSeriesThanTheParserRemembersAreAllGrouped() throws IOException {
    int series = 2 * PushParser.MAX_CACHED_SERIES + 10;
    StringBuilder body = new StringBuilder();
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < series; i++) {
        body.append("m{i=\"").append(i).append("\"} ").append(round).append('\n');
      }
    }

    assertThat(push("job/j", body.toString())).isEqualTo(PushOutcome.stored(2L * series));
    assertThat(stored()).hasSize(2 * series);
    assertThat(stored()).allSatisfy(m -> assertThat(m.labels()).containsEntry("job", "j"));
  }

  /** The Pushgateway refuses any sample with a timestamp; so does the agent, keeping nothing. */
  @Test
  void aSampleWithATimestampRefusesThePush() throws IOException {
    PushOutcome outcome = push("job/j", "a 1\nb 2 " + (NOW.toEpochMilli() - 1000) + "\n");

    assertThat(outcome.status()).isEqualTo(PushOutcome.BAD_REQUEST);
    assertThat(outcome.message()).startsWith("line 2: pushed metrics must not have timestamps");
    assertThat(stored()).isEmpty();
    assertThat(stats.of(PushFormat.PUSHGATEWAY).refused.sum()).isEqualTo(1);
  }
}
