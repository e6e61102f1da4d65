package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonMetricReaderTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(T0);
  private final List<SpoolDirectory> opened = new ArrayList<>();

  @AfterEach
  void closeSpools() throws IOException {
    for (SpoolDirectory spool : opened) {
      spool.close();
    }
  }

  /**
   * A spool directory as Juju's Go recorder leaves it, written by hand from the format: Go's RFC
   * 3339 times (any offset, up to 9 fraction digits), its HTML-safe escapes, a trailing newline per
   * value, and an empty batch (Juju publishes those).
   */
  @Test
  void readsASpoolJujuWrote() throws IOException {
    String newer = "2c8e52a4-0a9f-4a49-8b4d-0c6a4a1b2f10";
    String older = "f47ac10b-58cc-4372-a567-0e02b2c3d479";
    String empty = "9b2e4f0c-3d1a-4e5b-8c7d-6a5b4c3d2e1f";
    write(
        newer + ".meta",
        "{\"charmurl\":\"local:trusty/wordpress-3\",\"uuid\":\""
            + newer
            + "\",\"created\":\"2015-06-10T12:00:00.123456789Z\",\"unit-tag\":\"unit-wordpress-0\"}\n");
    write(
        newer,
        "{\"key\":\"pings\",\"value\":\"5\",\"time\":\"2015-06-10T14:00:00.5+02:00\"}\n"
            + "{\"key\":\"juju-units\",\"value\":\"10.25\",\"time\":\"2015-06-10T12:00:01Z\","
            + "\"labels\":{\"foo\":\"\\u003cbar\\u0026baz\\u003e\",\"zone\":\"a\"}}\n");
    write(
        older + ".meta",
        "{\"charmurl\":\"cs:trusty/mysql-1\",\"uuid\":\""
            + older
            + "\",\"created\":\"2015-06-10T11:00:00+01:00\",\"unit-tag\":\"unit-mysql-1\"}\n");
    write(older, "{\"key\":\"queries\",\"value\":\"0\",\"time\":\"2015-06-10T10:00:00Z\"}\n");
    write(
        empty + ".meta",
        "{\"charmurl\":\"cs:x-1\",\"uuid\":\""
            + empty
            + "\",\"created\":\"2015-06-10T09:00:00Z\",\"unit-tag\":\"unit-x-0\"}\n");
    write(empty, "");
    SpoolDirectory spool =
        open(
            SpoolOptions.builder()
                .clock(new MutableClock(Instant.parse("2015-06-11T00:00:00Z")))
                .build());

    List<MetricBatch> batches = spool.reader().read();

    assertThat(batches)
        .containsExactly(
            new MetricBatch(
                "cs:trusty/mysql-1",
                older,
                Instant.parse("2015-06-10T10:00:00Z"),
                List.of(new Metric("queries", "0", Instant.parse("2015-06-10T10:00:00Z"))),
                "unit-mysql-1"),
            new MetricBatch(
                "local:trusty/wordpress-3",
                newer,
                Instant.parse("2015-06-10T12:00:00.123456789Z"),
                List.of(
                    new Metric("pings", "5", Instant.parse("2015-06-10T12:00:00.5Z")),
                    new Metric(
                        "juju-units",
                        "10.25",
                        Instant.parse("2015-06-10T12:00:01Z"),
                        Map.of("foo", "<bar&baz>", "zone", "a"))),
                "unit-wordpress-0"));
    assertThat(Files.exists(dir.resolve(empty))).isFalse();
    assertThat(Files.exists(dir.resolve(empty + ".meta"))).isFalse();
    assertThat(spool.stats().emptyBatchesRemoved()).isEqualTo(1);
    assertThat(ApiMetricBatch.from(batches.get(1)).tag()).isEqualTo("unit-wordpress-0");
  }

  @Test
  void returnsBatchesOldestFirst() throws IOException {
    SpoolDirectory spool = open(options());
    List<JsonMetricRecorder> recorders = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      JsonMetricRecorder recorder = spool.recorder(DeclaredMetrics.any(), "local:app", "agent-1");
      recorder.addMetric("n", Integer.toString(i), T0, null);
      recorders.add(recorder);
      clock.advance(Duration.ofSeconds(1));
    }
    for (int i = 4; i >= 0; i--) {
      recorders.get(i).close();
    }

    assertThat(values(spool.reader().read())).containsExactly("0", "1", "2", "3", "4");
    try (BatchCursor cursor = spool.reader().oldestFirst(100, Long.MAX_VALUE)) {
      assertThat(values(drain(cursor))).containsExactly("0", "1", "2", "3", "4");
    }
  }

  @Test
  void cursorStopsAtMaxBatches() throws IOException {
    SpoolDirectory spool = open(options());
    record(spool, 5);

    try (BatchCursor cursor = spool.reader().oldestFirst(2, Long.MAX_VALUE)) {
      assertThat(values(drain(cursor))).containsExactly("0", "1");
      assertThat(cursor.batches()).isEqualTo(2);
      assertThat(cursor.next()).isNull();
    }
  }

  @Test
  void cursorStopsBeforeTheBatchThatWouldPassMaxBytes() throws IOException {
    SpoolDirectory spool = open(options());
    record(spool, 5);
    long batchBytes = spool.stats().bytes() / 5;

    try (BatchCursor cursor = spool.reader().oldestFirst(100, batchBytes * 5 / 2)) {
      assertThat(values(drain(cursor))).containsExactly("0", "1");
      assertThat(cursor.bytes()).isEqualTo(2 * batchBytes);
    }
  }

  @Test
  void cursorReturnsTheFirstBatchHoweverLarge() throws IOException {
    SpoolDirectory spool = open(options());
    record(spool, 3);

    try (BatchCursor cursor = spool.reader().oldestFirst(100, 1)) {
      assertThat(values(drain(cursor))).containsExactly("0");
    }
  }

  @Test
  void cursorSkipsBatchesRemovedMeanwhile() throws IOException {
    SpoolDirectory spool = open(options());
    List<String> uuids = record(spool, 4);
    JsonMetricReader reader = spool.reader();

    try (BatchCursor cursor = reader.oldestFirst(100, Long.MAX_VALUE)) {
      assertThat(cursor.next().uuid()).isEqualTo(uuids.get(0));
      reader.remove(uuids.get(1));
      reader.remove(uuids.get(2));
      assertThat(cursor.next().uuid()).isEqualTo(uuids.get(3));
      assertThat(cursor.next()).isNull();
    }
  }

  @Test
  void closedCursorReturnsNothing() throws IOException {
    SpoolDirectory spool = open(options());
    record(spool, 2);
    BatchCursor cursor = spool.reader().oldestFirst(100, Long.MAX_VALUE);

    cursor.close();

    assertThat(cursor.next()).isNull();
  }

  @Test
  void refusesBoundsThatAreNotPositive() throws IOException {
    JsonMetricReader reader = open(options()).reader();

    assertThatThrownBy(() -> reader.oldestFirst(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBatches 0 must be > 0");
    assertThatThrownBy(() -> reader.oldestFirst(1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBytes 0 must be > 0");
  }

  @Test
  void removesIdempotently() throws IOException {
    SpoolDirectory spool = open(options());
    String uuid = record(spool, 1).get(0);
    JsonMetricReader reader = spool.reader();

    reader.remove(uuid);
    reader.remove(uuid);
    reader.remove("6ba7b810-9dad-41d1-80b4-00c04fd430c8");

    assertThat(reader.read()).isEmpty();
    assertThat(batchFiles()).isEmpty();
    assertThat(spool.stats().removedBatches()).isEqualTo(1);
    assertThat(spool.stats().batches()).isZero();
    assertThat(spool.stats().bytes()).isZero();
    assertThatThrownBy(() -> reader.remove("../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("uuid \"../../etc/passwd\" may hold only letters, digits and '-'");
  }

  @Test
  void quarantinesEachUnreadableBatchOnceWithAReasonFileAndCountedLogLines() throws IOException {
    String goodData = "{\"key\":\"k\",\"value\":\"1\",\"time\":\"2025-01-01T00:00:00Z\"}\n";
    String badMeta = "11111111-1111-4111-8111-111111111111";
    String emptyMeta = "22222222-2222-4222-8222-222222222222";
    String badData = "33333333-3333-4333-8333-333333333333";
    String noData = "44444444-4444-4444-8444-444444444444";
    String foreign = "55555555-5555-4555-8555-555555555555";
    write(badMeta + ".meta", "{\"charmurl\":");
    write(badMeta, goodData);
    write(emptyMeta + ".meta", "");
    write(emptyMeta, goodData);
    write(badData + ".meta", meta(badData));
    write(badData, goodData + "{\"key\":\"k\",\"value\":\"1\"}\n");
    write(noData + ".meta", meta(noData));
    write(foreign + ".meta", meta("other-batch"));
    write(foreign, goodData);
    write("not a uuid.meta", "{}");
    try (LogCapture logs = new LogCapture()) {
      SpoolDirectory spool = open(options());
      String good = record(spool, 1).get(0);

      List<MetricBatch> batches = spool.reader().read();
      spool.reader().read();

      assertThat(batches).extracting(MetricBatch::uuid).containsExactly(good);
      assertThat(spool.stats().dropped(DropReason.QUARANTINED)).isEqualTo(6);
      assertThat(spool.stats().quarantined(EntryProblem.CORRUPT)).isEqualTo(5);
      assertThat(spool.stats().quarantined(EntryProblem.MISSING_DATA)).isEqualTo(1);
      assertThat(batchFiles()).containsExactlyInAnyOrder(good, good + ".meta", "quarantine");
      Path quarantine = dir.resolve("quarantine");
      assertThat(filesIn(quarantine))
          .containsExactlyInAnyOrder(
              badMeta,
              badMeta + ".meta",
              badMeta + ".meta.reason",
              emptyMeta,
              emptyMeta + ".meta",
              emptyMeta + ".meta.reason",
              badData,
              badData + ".meta",
              badData + ".meta.reason",
              noData + ".meta",
              noData + ".meta.reason",
              foreign,
              foreign + ".meta",
              foreign + ".meta.reason",
              "not a uuid.meta",
              "not a uuid.meta.reason");
      assertThat(Files.readString(quarantine.resolve(badMeta + ".meta.reason")))
          .contains("\"entry\":\"" + badMeta + "\"")
          .contains("\"problem\":\"corrupt\"")
          .contains("\"reason\":\"batch " + badMeta + " metadata is not valid JSON");
      assertThat(Files.readString(quarantine.resolve(emptyMeta + ".meta.reason")))
          .contains("metadata file is empty");
      assertThat(Files.readString(quarantine.resolve(badData + ".meta.reason")))
          .contains("data line 2: \\\"time\\\" is missing");
      assertThat(Files.readString(quarantine.resolve(noData + ".meta.reason")))
          .contains("\"problem\":\"missing-data\",\"reason\":\"its data file is missing\"");
      assertThat(Files.readString(quarantine.resolve(foreign + ".meta.reason")))
          .contains("metadata names batch \\\"other-batch\\\"");
      assertThat(Files.readString(quarantine.resolve("not a uuid.meta.reason")))
          .contains("its name is not a batch uuid");

      spool.close();
      assertThat(logs.warnings())
          .as("the first at once, the rest summed, logged at the latest when the spool closes")
          .hasSize(2)
          .allSatisfy(
              w ->
                  assertThat(w)
                      .startsWith("spool " + dir + ": quarantined ")
                      .contains("moved to " + quarantine + " with a reason file each; the last: "));
      assertThat(logs.warnings().get(0)).contains(": quarantined 1 entry since ");
      assertThat(logs.warnings().get(1)).contains(": quarantined 5 entries since ");
    }
  }

  @Test
  void keepsEarlierQuarantinedFilesOfTheSameName() throws IOException {
    String uuid = "11111111-1111-4111-8111-111111111111";
    SpoolDirectory spool = open(options());
    for (int i = 0; i < 2; i++) {
      write(uuid + ".meta", "garbage " + i);
      write(uuid, "");
      spool.reader().read();
    }

    assertThat(filesIn(dir.resolve("quarantine")))
        .containsExactlyInAnyOrder(
            uuid,
            uuid + ".1",
            uuid + ".meta",
            uuid + ".meta.reason",
            uuid + ".meta.1",
            uuid + ".meta.1.reason");
    assertThat(Files.readString(dir.resolve("quarantine").resolve(uuid + ".meta.1")))
        .isEqualTo("garbage 1");
  }

  @Test
  void removesBatchesWithoutMetrics() throws IOException {
    String uuid = "66666666-6666-4666-8666-666666666666";
    write(uuid + ".meta", meta(uuid));
    write(uuid, "\n  \n");
    SpoolDirectory spool = open(options());

    assertThat(spool.reader().read()).isEmpty();
    assertThat(batchFiles()).isEmpty();
    assertThat(spool.stats().emptyBatchesRemoved()).isEqualTo(1);
  }

  @Test
  void findsWhatOtherSpoolsWroteAndRemovedWhenItListsTheDirectory() throws IOException {
    SpoolDirectory mine = open(options());
    SpoolDirectory theirs = open(options());
    String uuid = record(theirs, 1).get(0);

    // The cursor lists the directory at most every rescan interval; read() always does.
    try (BatchCursor cursor = mine.reader().oldestFirst(10, Long.MAX_VALUE)) {
      assertThat(cursor.next()).isNull();
    }
    assertThat(mine.reader().read()).extracting(MetricBatch::uuid).containsExactly(uuid);
    assertThat(mine.stats().batches()).isEqualTo(1);

    theirs.reader().remove(uuid);
    clock.advance(Duration.ofSeconds(10));
    try (BatchCursor cursor = mine.reader().oldestFirst(10, Long.MAX_VALUE)) {
      assertThat(cursor.next()).isNull();
    }
    assertThat(mine.stats().batches()).isZero();
  }

  @Test
  void refusesUseAfterClose() throws IOException {
    JsonMetricReader reader = open(options()).reader();
    reader.close();

    assertThatThrownBy(reader::read)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("reader of spool " + dir + " is closed");
    assertThatThrownBy(() -> reader.remove("x")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> reader.oldestFirst(1, 1)).isInstanceOf(IllegalStateException.class);
  }

  private SpoolOptions options() {
    return SpoolOptions.builder().clock(clock).build();
  }

  private SpoolDirectory open(SpoolOptions options) throws IOException {
    SpoolDirectory spool = SpoolDirectory.open(dir, options);
    opened.add(spool);
    return spool;
  }

  /** Records {@code count} one-metric batches valued 0, 1, … a second apart; their uuids. */
  private List<String> record(SpoolDirectory spool, int count) throws IOException {
    List<String> uuids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      JsonMetricRecorder recorder = spool.recorder(DeclaredMetrics.any(), "local:app", "agent-1");
      recorder.addMetric("n", Integer.toString(i), clock.instant(), null);
      recorder.close();
      uuids.add(recorder.uuid());
      clock.advance(Duration.ofSeconds(1));
    }
    return uuids;
  }

  private static List<MetricBatch> drain(BatchCursor cursor) throws IOException {
    List<MetricBatch> batches = new ArrayList<>();
    for (MetricBatch batch = cursor.next(); batch != null; batch = cursor.next()) {
      batches.add(batch);
    }
    return batches;
  }

  private static List<String> values(List<MetricBatch> batches) {
    return batches.stream().map(b -> b.metrics().get(0).value()).collect(Collectors.toList());
  }

  private static String meta(String uuid) {
    return "{\"charmurl\":\"local:app\",\"uuid\":\""
        + uuid
        + "\",\"created\":\"2025-01-01T00:00:00Z\",\"unit-tag\":\"agent-1\"}\n";
  }

  private void write(String name, String content) throws IOException {
    Files.writeString(dir.resolve(name), content);
  }

  private List<String> batchFiles() throws IOException {
    return filesIn(dir).stream().filter(n -> !n.startsWith(".")).collect(Collectors.toList());
  }

  private static List<String> filesIn(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).collect(Collectors.toList());
    }
  }
}
