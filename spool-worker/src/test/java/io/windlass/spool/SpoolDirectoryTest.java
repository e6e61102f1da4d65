package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolDirectoryTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final String ORPHAN = "6ba7b810-9dad-41d1-80b4-00c04fd430c8";

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(T0);
  private final List<SpoolDirectory> opened = new ArrayList<>();

  @AfterEach
  void closeSpools() throws IOException {
    for (SpoolDirectory spool : opened) {
      spool.close();
    }
  }

  @Test
  void createsItsDirectory() throws IOException {
    Path nested = dir.resolve("a/b");
    SpoolDirectory spool = SpoolDirectory.open(nested);
    opened.add(spool);

    assertThat(nested).isDirectory();
    assertThat(spool.path()).isEqualTo(nested.toAbsolutePath());
    assertThat(spool.options()).isEqualTo(SpoolOptions.defaults());
    assertThat(spool).hasToString("SpoolDirectory[" + nested.toAbsolutePath() + "]");
  }

  @Test
  void refusesAFileForADirectory() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");

    assertThatThrownBy(() -> SpoolDirectory.open(file)).isInstanceOf(IOException.class);
  }

  @Test
  void removesLeftoversOfCrashedWritersAtOnceWhenNoOneElseHasItOpen() throws IOException {
    touch("." + ORPHAN + ".inc-0123", T0);
    touch("." + ORPHAN + ".meta.inc-4567", T0);
    touch(ORPHAN, T0);
    touch("notes", T0);
    touch(".keep", T0);

    SpoolDirectory spool = open(options());

    assertThat(files()).containsExactlyInAnyOrder("notes", ".keep", ".windlass.lock");
    assertThat(spool.stats().tempFilesRemoved()).isEqualTo(2);
    assertThat(spool.stats().orphansRemoved()).isEqualTo(1);
  }

  @Test
  void removesStagedLeftoversAtOnceWhenNoOneElseHasItOpen() throws IOException {
    stage("0", "." + ORPHAN + ".inc-0123", T0);
    stage("0", "." + ORPHAN + ".meta.inc-4567", T0);
    stage("37", ".22222222-2222-4222-8222-222222222222.inc-89ab", T0);
    stage("0", "notes", T0);

    SpoolDirectory spool = open(options());

    assertThat(stagedFiles()).containsExactly("0/notes");
    assertThat(spool.stats().tempFilesRemoved()).isEqualTo(3);
    assertThat(spool.reader().read()).isEmpty();
    assertThat(files()).containsExactly(".windlass.lock");
  }

  @Test
  void keepsFreshStagedFilesWhileAnotherSpoolHasItOpen() throws IOException {
    open(options());
    stage("0", "." + ORPHAN + ".inc-fresh", T0.minus(Duration.ofMinutes(9)));
    stage("5", "." + ORPHAN + ".meta.inc-fresh", T0.minus(Duration.ofMinutes(9)));
    String stale = "11111111-1111-4111-8111-111111111111";
    stage("0", "." + stale + ".inc-stale", T0.minus(Duration.ofMinutes(11)));

    SpoolDirectory second = open(options());

    assertThat(stagedFiles())
        .containsExactlyInAnyOrder(
            "0/." + ORPHAN + ".inc-fresh", "5/." + ORPHAN + ".meta.inc-fresh");
    assertThat(second.stats().tempFilesRemoved()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(2));
    second.reader().read();
    assertThat(stagedFiles()).isEmpty();
  }

  @Test
  void writesInStagingDirectoriesThatReadersAndQuarantineIgnore() throws IOException {
    SpoolDirectory spool = open(options());
    JsonMetricRecorder recorder = spool.recorder(DeclaredMetrics.any(), "local:app", "agent-1");
    recorder.addMetric("n", "1", T0, null);
    recorder.close();

    assertThat(dir.resolve(".staging")).isDirectory();
    assertThat(stagedFiles()).isEmpty();
    assertThat(files())
        .containsExactlyInAnyOrder(recorder.uuid(), recorder.uuid() + ".meta", ".windlass.lock");
    SpoolDirectory other = open(options());
    assertThat(other.reader().read())
        .extracting(MetricBatch::uuid)
        .containsExactly(recorder.uuid());
    assertThat(dir.resolve("quarantine")).doesNotExist();
    assertThat(other.stats().dropped(DropReason.QUARANTINED)).isZero();
  }

  @Test
  void keepsFreshLeftoversWhileAnotherSpoolHasItOpen() throws IOException {
    open(options());
    touch("." + ORPHAN + ".inc-fresh", T0.minus(Duration.ofMinutes(9)));
    touch(ORPHAN, T0.minus(Duration.ofMinutes(9)));
    String stale = "11111111-1111-4111-8111-111111111111";
    touch("." + stale + ".inc-stale", T0.minus(Duration.ofMinutes(11)));
    touch(stale, T0.minus(Duration.ofMinutes(11)));

    SpoolDirectory second = open(options());

    assertThat(files())
        .containsExactlyInAnyOrder("." + ORPHAN + ".inc-fresh", ORPHAN, ".windlass.lock");
    assertThat(second.stats().tempFilesRemoved()).isEqualTo(1);
    assertThat(second.stats().orphansRemoved()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(2));
    second.reader().read();
    assertThat(files()).containsExactly(".windlass.lock");
  }

  @Test
  void dropsTheOldestBatchesPastMaxBatches() throws IOException {
    try (LogCapture logs = new LogCapture()) {
      SpoolDirectory spool = open(options().toBuilder().maxBatches(3).build());
      List<String> uuids = record(spool, 5);

      assertThat(spool.reader().read())
          .extracting(MetricBatch::uuid)
          .containsExactlyElementsOf(uuids.subList(2, 5));
      assertThat(spool.stats().dropped(DropReason.MAX_BATCHES)).isEqualTo(2);
      assertThat(spool.stats().batches()).isEqualTo(3);
      assertThat(logs.warnings())
          .containsExactly(
              "spool "
                  + dir
                  + ": dropped 1 unread batch (179 bytes) since 2025-01-01T00:00:03Z"
                  + " to stay within its bounds: max-batches 1");

      spool.close();
      assertThat(logs.warnings())
          .hasSize(2)
          .last()
          .isEqualTo(
              "spool "
                  + dir
                  + ": dropped 1 unread batch (179 bytes) since 2025-01-01T00:00:04Z"
                  + " to stay within its bounds: max-batches 1");
    }
  }

  @Test
  void dropsTheOldestBatchesPastMaxBytes() throws IOException {
    long batchBytes = 179; // a one-metric batch from record(): data and metadata files
    SpoolDirectory spool = open(options().toBuilder().maxBytes(batchBytes * 3 + 100).build());
    List<String> uuids = record(spool, 5);

    assertThat(spool.reader().read())
        .extracting(MetricBatch::uuid)
        .containsExactlyElementsOf(uuids.subList(2, 5));
    assertThat(spool.stats().dropped(DropReason.MAX_BYTES)).isEqualTo(2);
    assertThat(spool.stats().bytes()).isEqualTo(3 * batchBytes).isEqualTo(bytesOnDisk());
  }

  @Test
  void dropsBatchesPastMaxAge() throws IOException {
    SpoolDirectory spool = open(options().toBuilder().maxAge(Duration.ofHours(1)).build());
    record(spool, 2);
    clock.advance(Duration.ofMinutes(30));
    String young = record(spool, 1).get(0);
    clock.advance(Duration.ofMinutes(45));

    assertThat(spool.reader().read()).extracting(MetricBatch::uuid).containsExactly(young);
    assertThat(spool.stats().dropped(DropReason.MAX_AGE)).isEqualTo(2);
  }

  @Test
  void appliesItsBoundsToWhatItFindsWhenOpened() throws IOException {
    SpoolDirectory first = open(options());
    List<String> uuids = record(first, 5);
    first.close();

    SpoolDirectory second = open(options().toBuilder().maxBatches(2).build());

    assertThat(second.stats().dropped(DropReason.MAX_BATCHES)).isEqualTo(3);
    assertThat(second.reader().read())
        .extracting(MetricBatch::uuid)
        .containsExactlyElementsOf(uuids.subList(3, 5));
  }

  @Test
  void rejectNewRefusesMetricsOnceTheSpoolIsFull() throws IOException {
    SpoolDirectory spool = open(rejectNew().maxBatches(2).build());
    List<String> uuids = record(spool, 2);
    JsonMetricRecorder recorder = spool.recorder(DeclaredMetrics.any(), "local:app", "agent-1");

    assertThatThrownBy(() -> recorder.addMetric("n", "1", T0, null))
        .isInstanceOf(SpoolFullException.class)
        .hasMessage(
            "spool "
                + dir
                + " is full: it holds 2 batches and max-batches is 2; batch "
                + recorder.uuid()
                + " is refused (overflow policy reject-new)")
        .extracting(e -> ((SpoolFullException) e).bound())
        .isEqualTo(DropReason.MAX_BATCHES);
    assertThat(recorder.metricCount()).isZero();
    recorder.close();
    assertThat(spool.reader().read())
        .extracting(MetricBatch::uuid)
        .containsExactlyElementsOf(uuids);
    assertThat(spool.stats().rejected(DropReason.MAX_BATCHES)).isEqualTo(1);
    assertThat(spool.stats().dropped()).allSatisfy((reason, count) -> assertThat(count).isZero());
  }

  @Test
  void rejectNewRefusesABatchAtCloseWhenOthersFilledTheSpoolFirst() throws IOException {
    SpoolDirectory spool = open(rejectNew().maxBatches(2).build());
    record(spool, 1);
    JsonMetricRecorder first = spool.recorder(DeclaredMetrics.any(), "local:app", "agent-1");
    JsonMetricRecorder second = spool.recorder(DeclaredMetrics.any(), "local:app", "agent-1");
    first.addMetric("n", "1", T0, null);
    second.addMetric("n", "2", T0, null);

    first.close();
    assertThatThrownBy(second::close)
        .isInstanceOf(SpoolFullException.class)
        .hasMessageContaining(
            "is full: it holds 2 batches and max-batches is 2; batch " + second.uuid());

    assertThat(spool.reader().read())
        .hasSize(2)
        .extracting(MetricBatch::uuid)
        .doesNotContain(second.uuid());
    assertThat(files()).noneMatch(name -> name.contains(second.uuid()));
    assertThat(stagedFiles()).isEmpty();
  }

  @Test
  void rejectNewRefusesMetricsPastMaxBytes() throws IOException {
    SpoolDirectory spool = open(rejectNew().maxBytes(250).build());
    record(spool, 1);
    JsonMetricRecorder recorder = spool.recorder(DeclaredMetrics.any(), "local:app", "agent-1");
    recorder.addMetric("n", "1", T0, null);

    assertThatThrownBy(() -> recorder.addMetric("n", "2", T0, null))
        .isInstanceOf(SpoolFullException.class)
        .hasMessage(
            "spool "
                + dir
                + " is full: it holds 179 bytes and max-bytes is 250; batch "
                + recorder.uuid()
                + " of 108 bytes is refused (overflow policy reject-new)");
    assertThat(recorder.metricCount()).isEqualTo(1);
  }

  @Test
  void rejectNewAdmitsAgainOnceOldBatchesExpire() throws IOException {
    SpoolDirectory spool = open(rejectNew().maxBatches(1).maxAge(Duration.ofHours(1)).build());
    record(spool, 1);
    clock.advance(Duration.ofHours(2));

    String uuid = record(spool, 1).get(0);

    assertThat(spool.reader().read()).extracting(MetricBatch::uuid).containsExactly(uuid);
    assertThat(spool.stats().dropped(DropReason.MAX_AGE)).isEqualTo(1);
  }

  @Test
  void logsDropsAtMostOncePerInterval() throws IOException {
    try (LogCapture logs = new LogCapture()) {
      SpoolDirectory spool = open(options().toBuilder().maxBatches(1).build());
      record(spool, 2); // one drop, logged at once
      record(spool, 3); // three drops within the minute, held back
      assertThat(logs.warnings()).hasSize(1);

      clock.advance(Duration.ofMinutes(1));
      record(spool, 1); // the minute has passed: one line for all four

      assertThat(logs.warnings())
          .hasSize(2)
          .last()
          .asString()
          .contains(": dropped 4 unread batches (716 bytes) since 2025-01-01T00:00:02Z")
          .endsWith("max-batches 4");
      assertThat(spool.stats().dropped(DropReason.MAX_BATCHES)).isEqualTo(5);
    }
  }

  @Test
  void reportsSizesAgeAndCounters() throws IOException {
    SpoolDirectory spool = open(options());
    assertThat(spool.stats().oldestBatchAge()).isEqualTo(Duration.ZERO);
    for (int i = 0; i < 3; i++) {
      JsonMetricRecorder recorder = spool.recorder(DeclaredMetrics.any(), "local:app", "agent-1");
      recorder.addMetric("a", "1", T0, null);
      recorder.addMetric("b", "2", T0, null);
      recorder.close();
      clock.advance(Duration.ofSeconds(10));
    }
    JsonMetricReader reader = spool.reader();
    reader.remove(reader.read().get(2).uuid());

    SpoolStats stats = spool.stats();
    assertThat(stats.batches()).isEqualTo(2);
    assertThat(stats.bytes()).isEqualTo(bytesOnDisk());
    assertThat(stats.oldestBatchAge()).isEqualTo(Duration.ofSeconds(30));
    assertThat(stats.publishedBatches()).isEqualTo(3);
    assertThat(stats.publishedMetrics()).isEqualTo(6);
    assertThat(stats.removedBatches()).isEqualTo(1);
    assertThat(stats.directorySyncs()).isEqualTo(3);
    assertThat(stats.dropped())
        .containsExactly(
            entry("max-bytes", 0L),
            entry("max-batches", 0L),
            entry("max-age", 0L),
            entry("quarantined", 0L));
    assertThat(stats.rejected()).containsExactly(entry("max-bytes", 0L), entry("max-batches", 0L));
  }

  @Test
  void findsItsBatchesAgainWhenReopened() throws IOException {
    SpoolDirectory first = open(options());
    List<String> uuids = record(first, 3);
    long bytes = first.stats().bytes();
    first.close();

    SpoolDirectory second = open(options());

    assertThat(second.stats().batches()).isEqualTo(3);
    assertThat(second.stats().bytes()).isEqualTo(bytes);
    try (BatchCursor cursor = second.reader().oldestFirst(10, Long.MAX_VALUE)) {
      assertThat(cursor.next().uuid()).isEqualTo(uuids.get(0));
    }
  }

  @Test
  void refusesUseOnceClosed() throws IOException {
    SpoolDirectory spool = open(options());
    JsonMetricRecorder recorder = spool.recorder(DeclaredMetrics.any(), "local:app", "agent-1");
    recorder.addMetric("n", "1", T0, null);
    spool.close();
    spool.close();

    assertThatThrownBy(() -> spool.recorder(DeclaredMetrics.any(), "local:app", "agent-1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("spool " + dir + " is closed");
    assertThatThrownBy(spool::reader).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(recorder::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("spool " + dir + " is closed");
    assertThat(files()).containsExactly(".windlass.lock");
  }

  @Test
  void needsASourceAndAnAgentForARecorder() throws IOException {
    SpoolDirectory spool = open(options());

    assertThatThrownBy(() -> spool.recorder(DeclaredMetrics.any(), "", "agent-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("charmUrl must not be empty");
    assertThatThrownBy(() -> spool.recorder(DeclaredMetrics.any(), "local:app", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unitTag must not be empty");
    assertThatThrownBy(() -> spool.recorder(null, "local:app", "agent-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("declared metrics must not be null");
  }

  private static java.util.Map.Entry<String, Long> entry(String key, long value) {
    return java.util.Map.entry(key, value);
  }

  @Test
  void tellsItsListenersOfEveryDurableBatchUntilTheyLeave() throws IOException {
    SpoolDirectory spool = open(options());
    List<Long> heard = new CopyOnWriteArrayList<>();
    Runnable leave = spool.onPublished(heard::add);

    JsonMetricRecorder three = spool.recorder(DeclaredMetrics.any(), "local:app", "agent-1");
    for (int i = 0; i < 3; i++) {
      three.addMetric("n", "1", T0, null);
    }
    assertThat(heard).as("nothing before the batch is durable").isEmpty();
    three.close();
    spool.recorder(DeclaredMetrics.any(), "local:app", "agent-1").close(); // empty: not published
    JsonMetricRecorder discarded = spool.recorder(DeclaredMetrics.any(), "local:app", "agent-1");
    discarded.addMetric("n", "1", T0, null);
    discarded.discard();
    record(spool, 1);

    assertThat(heard).containsExactly(3L, 1L);
    leave.run();
    record(spool, 1);
    assertThat(heard).containsExactly(3L, 1L);
  }

  @Test
  void aFailingListenerDoesNotFailThePublish() throws IOException {
    SpoolDirectory spool = open(options());
    spool.onPublished(
        metrics -> {
          throw new IllegalStateException("listener bug");
        });

    List<String> uuids = record(spool, 1);

    try (MetricReader reader = spool.reader()) {
      assertThat(reader.read()).extracting(MetricBatch::uuid).isEqualTo(uuids);
    }
  }

  private SpoolOptions options() {
    return SpoolOptions.builder().clock(clock).build();
  }

  private SpoolOptions.Builder rejectNew() {
    return options().toBuilder().overflowPolicy(OverflowPolicy.REJECT_NEW);
  }

  private SpoolDirectory open(SpoolOptions options) throws IOException {
    SpoolDirectory spool = SpoolDirectory.open(dir, options);
    opened.add(spool);
    return spool;
  }

  /** Records {@code count} one-metric batches of 179 bytes each, a second apart; their uuids. */
  private List<String> record(SpoolDirectory spool, int count) throws IOException {
    List<String> uuids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      JsonMetricRecorder recorder = spool.recorder(DeclaredMetrics.any(), "local:app", "agent-1");
      recorder.addMetric("n", Integer.toString(i % 10), T0, null);
      recorder.close();
      uuids.add(recorder.uuid());
      clock.advance(Duration.ofSeconds(1));
    }
    return uuids;
  }

  private void touch(String name, Instant modified) throws IOException {
    Path file = Files.writeString(dir.resolve(name), "partial");
    Files.setLastModifiedTime(file, FileTime.from(modified));
  }

  /** The names in the spool directory, but for the staging directory. */
  private List<String> files() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.equals(".staging"))
          .collect(Collectors.toList());
    }
  }

  /** The files in the staging directories, as {@code <slot>/<name>}. */
  private List<String> stagedFiles() throws IOException {
    Path staging = dir.resolve(".staging");
    if (!Files.exists(staging)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(staging)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> staging.relativize(p).toString())
          .collect(Collectors.toList());
    }
  }

  private void stage(String slot, String name, Instant modified) throws IOException {
    Files.createDirectories(dir.resolve(".staging").resolve(slot));
    touch(".staging/" + slot + "/" + name, modified);
  }

  private long bytesOnDisk() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      long total = 0;
      for (Path file :
          files
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .collect(Collectors.toList())) {
        total += Files.size(file);
      }
      return total;
    }
  }
}
