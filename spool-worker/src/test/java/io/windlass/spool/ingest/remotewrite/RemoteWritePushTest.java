package io.windlass.spool.ingest.remotewrite;

import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.labels;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.message;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.metadata;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.sample;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.series;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.snappy;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricReader;
import io.windlass.spool.MetricType;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.ingest.SampleTimeBounds;
import io.windlass.spool.ingest.format.PushParsers;
import io.windlass.spool.ingest.http.HttpIngest;
import io.windlass.spool.ingest.http.IngestStats;
import io.windlass.spool.ingest.http.PushFormat;
import io.windlass.spool.ingest.http.PushOutcome;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remote write requests stored through {@link HttpIngest} into a real spool: all or nothing. */
class RemoteWritePushTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
  private static final long T = NOW.toEpochMilli() - 15_000;

  @TempDir Path dir;
  private SpoolDirectory spool;
  private final IngestStats stats = new IngestStats();
  private HttpIngest ingest;

  @BeforeEach
  void open() throws IOException {
    spool = SpoolDirectory.open(dir);
    ingest =
        new HttpIngest(
            spool,
            DeclaredMetrics.anyValue(),
            "agent-1",
            1 << 20,
            Clock.fixed(NOW, ZoneOffset.UTC),
            SampleTimeBounds.defaults(),
            stats,
            new PushParsers());
  }

  @AfterEach
  void close() throws IOException {
    spool.close();
  }

  private PushOutcome push(RemoteWriteVersion version, byte[] body, long limit) {
    return ingest.push(
        version.format(), new RemoteWriteRequest(version, new ByteArrayInputStream(body), limit));
  }

  private List<MetricBatch> batches() throws IOException {
    try (MetricReader reader = spool.reader()) {
      return reader.read();
    }
  }

  @Test
  void storesEverySampleDurablyWithTheFamiliesAndCountsThem() throws Exception {
    byte[] request =
        message(
            series(labels("__name__", "up", "job", "node"), sample(1, T), sample(0, T + 1)),
            metadata(2, "up", "Whether the target is up.", ""));

    PushOutcome outcome = push(RemoteWriteVersion.V1, snappy(request), 1 << 20);

    assertThat(outcome).isEqualTo(PushOutcome.stored(2));
    List<MetricBatch> batches = batches();
    assertThat(batches).hasSize(1);
    MetricBatch batch = batches.get(0);
    assertThat(batch.charmUrl()).isEqualTo("push:remote-write");
    assertThat(batch.metrics())
        .extracting(m -> m.key() + m.labels() + "=" + m.value() + "@" + m.time().toEpochMilli())
        .containsExactly("up{job=node}=1@" + T, "up{job=node}=0@" + (T + 1));
    assertThat(batch.families())
        .containsExactly(new MetricFamily("up", MetricType.GAUGE, "Whether the target is up.", ""));
    IngestStats.Counters counters = stats.of(PushFormat.REMOTE_WRITE_1);
    assertThat(counters.stored.sum()).isEqualTo(1);
    assertThat(counters.samples.sum()).isEqualTo(2);
    assertThat(stats.of(PushFormat.REMOTE_WRITE_2).requests.sum()).isZero();
  }

  @Test
  void aBadSeriesAfterGoodOnesStoresNothing() throws Exception {
    byte[] request =
        message(
            series(labels("__name__", "good", "a", "1"), sample(1, T)),
            series(labels("__name__", "bad", "__reserved", "x"), sample(2, T)));

    PushOutcome outcome = push(RemoteWriteVersion.V1, snappy(request), 1 << 20);

    assertThat(outcome.status()).isEqualTo(PushOutcome.BAD_REQUEST);
    assertThat(outcome.message()).startsWith("series bad{__reserved=\"x\"}: ");
    assertThat(batches()).isEmpty();
    assertThat(stats.of(PushFormat.REMOTE_WRITE_1).refused.sum()).isEqualTo(1);
    assertThat(stats.of(PushFormat.REMOTE_WRITE_1).samples.sum()).isZero();
  }

  @Test
  void aMessagePastTheLimitIsTooLargeAndStoresNothing() throws Exception {
    byte[] request = message(series(labels("__name__", "m", "pad", "x".repeat(500)), sample(1, T)));

    PushOutcome outcome = push(RemoteWriteVersion.V1, snappy(request), 100);

    assertThat(outcome.status()).isEqualTo(PushOutcome.TOO_LARGE);
    assertThat(batches()).isEmpty();
  }

  @Test
  void countsTheExemplarsAndStalenessMarkersLeftOut() throws Exception {
    double stale = Double.longBitsToDouble(SeriesWriter.STALE_NAN_BITS);
    byte[] request =
        message(
            RemoteWriteMessages.seriesOf(
                RemoteWriteMessages.embedded(1, RemoteWriteMessages.label("__name__", "m")),
                RemoteWriteMessages.embedded(2, sample(1, T)),
                RemoteWriteMessages.embedded(2, sample(stale, T + 1)),
                RemoteWriteMessages.embedded(3, new byte[0])));

    PushOutcome outcome = push(RemoteWriteVersion.V1, snappy(request), 1 << 20);

    assertThat(outcome).isEqualTo(PushOutcome.stored(1));
    IngestStats.Counters counters = stats.of(PushFormat.REMOTE_WRITE_1);
    assertThat(counters.exemplarsDropped.sum()).isEqualTo(1);
    assertThat(counters.staleMarkersDropped.sum()).isEqualTo(1);
  }
}
