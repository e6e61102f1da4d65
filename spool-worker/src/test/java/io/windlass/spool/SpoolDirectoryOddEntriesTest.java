package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entries in a spool directory that are not batches as the spool writes them: links, directories,
 * FIFOs, files over the per-batch limit, files that cannot be moved. None may cost a good batch.
 */
class SpoolDirectoryOddEntriesTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  /** A uuid without a timestamp, so its {@code .meta} decides its age: older than any recorded. */
  private static final String ODD = "11111111-1111-4111-8111-111111111111";

  private static final String DATA =
      "{\"key\":\"k\",\"value\":\"7\",\"time\":\"2025-01-01T00:00:00Z\"}\n";

  @TempDir Path dir;
  @TempDir Path outside;
  private final MutableClock clock = new MutableClock(T0);
  private final List<SpoolDirectory> opened = new ArrayList<>();

  @AfterEach
  void closeSpools() throws IOException {
    for (SpoolDirectory spool : opened) {
      spool.close();
    }
  }

  /**
   * Covers a bug where a 1 GiB sparse file named like a batch, with a valid {@code .meta}, was
   * counted against max-bytes when the spool opened, and drop-oldest deleted every real batch.
   */
  @Test
  void aDataFileOverMaxBatchBytesIsQuarantinedAndCostsNoBatch() throws IOException {
    List<String> real = recordAndClose(20);
    writeMeta(ODD, "2024-12-31T00:00:00Z");
    try (RandomAccessFile sparse = new RandomAccessFile(dir.resolve(ODD).toFile(), "rw")) {
      sparse.setLength(1L << 30);
    }

    SpoolDirectory spool = open(options().maxBytes(1 << 20).maxBatchBytes(64 << 10).build());

    assertThat(spool.stats().batches()).isEqualTo(20);
    assertThat(spool.stats().dropped(DropReason.MAX_BYTES)).isZero();
    assertThat(spool.stats().quarantined(EntryProblem.TOO_LARGE)).isEqualTo(1);
    assertThat(spool.reader().read()).extracting(MetricBatch::uuid).containsExactlyElementsOf(real);
    assertThat(dir.resolve("quarantine").resolve(ODD)).isRegularFile().hasSize(1L << 30);
    assertThat(Files.readString(dir.resolve("quarantine").resolve(ODD + ".meta.reason")))
        .contains("\"problem\":\"too-large\"")
        .contains(ODD + " holds 1073741824 bytes or more; the limit is 65536");
  }

  /** A data file that grew past the limit after the listing is refused when read. */
  @Test
  void aDataFileThatGrowsPastMaxBatchBytesIsQuarantinedWhenRead() throws IOException {
    SpoolDirectory spool = open(options().maxBatchBytes(1024).build());
    List<String> real = record(spool, 2);
    writeMeta(ODD, "2024-12-31T00:00:00Z");
    Files.writeString(dir.resolve(ODD), DATA);
    assertThat(spool.reader().read()).hasSize(3);
    Files.writeString(dir.resolve(ODD), DATA.repeat(100));

    assertThat(spool.reader().read()).extracting(MetricBatch::uuid).containsExactlyElementsOf(real);
    assertThat(spool.stats().quarantined(EntryProblem.TOO_LARGE)).isEqualTo(1);
    assertThat(spool.stats().batches()).isEqualTo(2);
  }

  /** Covers a bug where a batch file that is a link was followed, and a file outside was sent. */
  @Test
  void aDataFileThatIsALinkIsNeverFollowed() throws IOException {
    Path secret = Files.writeString(outside.resolve("secret"), DATA);
    writeMeta(ODD, "2024-12-31T00:00:00Z");
    Files.createSymbolicLink(dir.resolve(ODD), secret);
    SpoolDirectory spool = open(options().build());
    List<String> real = record(spool, 1);

    assertThat(spool.reader().read()).extracting(MetricBatch::uuid).containsExactlyElementsOf(real);
    assertThat(spool.stats().quarantined(EntryProblem.SYMLINK)).isEqualTo(1);
    assertThat(dir.resolve("quarantine").resolve(ODD)).isSymbolicLink();
    assertThat(secret).hasContent(DATA.strip());
  }

  @Test
  void aMetadataFileThatIsALinkIsNeverFollowedWhereverItPoints() throws IOException {
    String toUnreadable = "22222222-2222-4222-8222-222222222222";
    Path unreadable = Files.writeString(outside.resolve("unreadable"), "{}");
    unreadable.toFile().setReadable(false, false);
    Files.createSymbolicLink(dir.resolve(toUnreadable + ".meta"), unreadable);
    Files.writeString(dir.resolve(toUnreadable), DATA);
    String toOutside = "33333333-3333-4333-8333-333333333333";
    Path meta = outside.resolve("meta");
    Files.writeString(meta, meta(toOutside, "2024-12-31T00:00:00Z"));
    Files.createSymbolicLink(dir.resolve(toOutside + ".meta"), meta);
    Files.writeString(dir.resolve(toOutside), DATA);
    SpoolDirectory spool = open(options().build());
    List<String> real = record(spool, 1);

    assertThat(spool.reader().read()).extracting(MetricBatch::uuid).containsExactlyElementsOf(real);
    assertThat(spool.stats().quarantined(EntryProblem.SYMLINK)).isEqualTo(2);
    assertThat(quarantined())
        .contains(toUnreadable + ".meta", toUnreadable, toOutside + ".meta", toOutside);
    assertThat(meta).exists();
  }

  /** Covers a bug where a directory named like a batch failed every read of the spool. */
  @Test
  void aDirectoryOrFifoNamedLikeABatchIsQuarantinedWithoutBeingOpened() throws Exception {
    String directory = "22222222-2222-4222-8222-222222222222";
    String fifo = "33333333-3333-4333-8333-333333333333";
    writeMeta(directory, "2024-12-31T00:00:00Z");
    Files.createDirectory(dir.resolve(directory));
    Files.writeString(dir.resolve(directory).resolve("inside"), "x");
    writeMeta(fifo, "2024-12-31T00:00:01Z");
    mkfifo(dir.resolve(fifo));
    String fifoMeta = "44444444-4444-4444-8444-444444444444";
    mkfifo(dir.resolve(fifoMeta + ".meta"));
    Files.writeString(dir.resolve(fifoMeta), DATA);
    SpoolDirectory spool = open(options().build());
    List<String> real = record(spool, 1);

    assertThat(spool.reader().read()).extracting(MetricBatch::uuid).containsExactlyElementsOf(real);
    assertThat(spool.stats().quarantined(EntryProblem.NOT_A_FILE)).isEqualTo(3);
    assertThat(dir.resolve("quarantine").resolve(directory).resolve("inside")).hasContent("x");
    assertThat(Files.readString(dir.resolve("quarantine").resolve(fifo + ".meta.reason")))
        .contains("is not a regular file (a FIFO, socket or device)");
  }

  /** The rejected batches are read the same way: a FIFO there is never opened. */
  @Test
  void aFifoInRejectedReadsAsAnUnreadableRejectedBatch() throws Exception {
    SpoolDirectory spool = open(options().build());
    Files.createDirectories(dir.resolve("rejected"));
    mkfifo(dir.resolve("rejected").resolve(ODD + ".meta"));
    mkfifo(dir.resolve("rejected").resolve(ODD + ".reason"));

    List<RejectedBatch> rejected = spool.reader().rejected();

    assertThat(rejected)
        .singleElement()
        .satisfies(
            batch -> {
              assertThat(batch.uuid()).isEqualTo(ODD);
              assertThat(batch.metadata()).isEmpty();
              assertThat(batch.reason())
                  .isEqualTo(
                      "unreadable reason file: "
                          + ODD
                          + ".reason is not a regular file (a FIFO, socket or device)");
            });
  }

  /** A data file without metadata that is not a regular file is not a leftover: moved aside. */
  @Test
  void aDirectoryNamedLikeABatchWithoutMetadataIsQuarantinedNotRemoved() throws IOException {
    Files.createDirectory(dir.resolve(ODD));
    Files.writeString(dir.resolve(ODD).resolve("inside"), "x");

    SpoolDirectory spool = open(options().build());

    assertThat(spool.stats().quarantined(EntryProblem.NOT_A_FILE)).isEqualTo(1);
    assertThat(spool.stats().orphansRemoved()).isZero();
    assertThat(dir.resolve("quarantine").resolve(ODD).resolve("inside")).hasContent("x");
  }

  /**
   * Where quarantine cannot take an entry (here {@code quarantine} is a file), the entry is left in
   * place, skipped, reported once and counted once, and the other batches are read around it.
   */
  @Test
  void anEntryThatCannotBeMovedIsSkippedAndReportedOnce() throws Exception {
    try (LogCapture logs = new LogCapture()) {
      SpoolDirectory spool =
          open(options().rescanInterval(Duration.ZERO).dropLogInterval(Duration.ZERO).build());
      Files.deleteIfExists(dir.resolve("quarantine"));
      Files.writeString(dir.resolve("quarantine"), "not a directory");
      List<String> older = record(spool, 2);
      writeMeta(ODD, "2025-01-01T00:00:01Z");
      Files.createDirectory(dir.resolve(ODD));
      List<String> newer = record(spool, 2);

      for (int i = 0; i < 3; i++) {
        try (BatchCursor cursor = spool.reader().oldestFirst(10, 1 << 20)) {
          List<String> read = new ArrayList<>();
          for (MetricBatch b = cursor.next(); b != null; b = cursor.next()) {
            read.add(b.uuid());
          }
          assertThat(read).containsExactly(older.get(0), older.get(1), newer.get(0), newer.get(1));
        }
      }

      assertThat(spool.stats().skipped(EntryProblem.NOT_A_FILE)).isEqualTo(1);
      assertThat(spool.stats().quarantined(EntryProblem.NOT_A_FILE)).isZero();
      assertThat(spool.stats().batches()).isEqualTo(4);
      assertThat(dir.resolve(ODD)).isDirectory();
      assertThat(logs.warnings())
          .singleElement()
          .asString()
          .contains(": skipped 1 entry since ")
          .contains("(not-a-file 1) that cannot be moved to quarantine")
          .contains("the last: " + ODD + ": " + ODD + " is a directory; cannot move it: ");
    }
  }

  /** No writer leaves a directory behind: one named like a temporary file is not a leftover. */
  @Test
  void aDirectoryNamedLikeATemporaryFileIsLeftAloneAndSaidOnce() throws IOException {
    Path hidden = Files.createDirectories(dir.resolve("." + ODD + ".inc-0123").resolve("inside"));
    try (LogCapture logs = new LogCapture()) {
      SpoolDirectory spool = open(options().rescanInterval(Duration.ZERO).build());
      spool.reader().read();
      spool.reader().read();

      assertThat(hidden).isDirectory();
      assertThat(logs.warnings())
          .singleElement()
          .asString()
          .endsWith("a directory named like a temporary file");
    }
  }

  /** Covers a bug where a data file without metadata was deleted without a log line. */
  @Test
  void aDataFileWithoutMetadataIsRemovedWithALogLineAndACount() throws IOException {
    Files.writeString(dir.resolve(ODD), "partial");
    try (LogCapture logs = new LogCapture()) {
      SpoolDirectory spool = open(options().build());

      assertThat(spool.stats().orphansRemoved()).isEqualTo(1);
      assertThat(dir.resolve(ODD)).doesNotExist();
      assertThat(logs.warnings())
          .containsExactly(
              "spool "
                  + dir
                  + ": removed 1 data file without metadata (7 bytes) since "
                  + T0
                  + ": batches whose publishing never finished, so never acknowledged");
    }
  }

  /**
   * Covers a bug where only the first of many drops was logged until the spool closed: what is held
   * back is logged at the first read once the interval has passed, with no further drop needed.
   */
  @Test
  void dropsHeldBackAreLoggedOnceTheIntervalHasPassed() throws IOException {
    try (LogCapture logs = new LogCapture()) {
      SpoolDirectory spool = open(options().maxBatches(1).build());
      recordWith(spool, 3); // two drops: the first logged at once, the second held back
      assertThat(logs.warnings()).hasSize(1);

      clock.advance(Duration.ofMinutes(1));
      spool.reader().oldestFirst(1, 1 << 20).close();

      assertThat(logs.warnings())
          .hasSize(2)
          .last()
          .asString()
          .contains(": dropped 1 unread batch (")
          .endsWith("max-batches 1");
    }
  }

  /** A burst of drops in one pass (here at start-up) is one line with the count. */
  @Test
  void aBurstOfDropsIsOneLineWithTheCount() throws IOException {
    recordAndClose(5);
    try (LogCapture logs = new LogCapture()) {
      open(options().maxBatches(2).build());

      assertThat(logs.warnings())
          .singleElement()
          .asString()
          .contains(": dropped 3 unread batches (")
          .endsWith("max-batches 3");
    }
  }

  private SpoolOptions.Builder options() {
    return SpoolOptions.builder().clock(clock);
  }

  private SpoolDirectory open(SpoolOptions options) throws IOException {
    SpoolDirectory spool = SpoolDirectory.open(dir, options);
    opened.add(spool);
    return spool;
  }

  private List<String> recordAndClose(int count) throws IOException {
    try (SpoolDirectory spool = SpoolDirectory.open(dir, options().build())) {
      return record(spool, count);
    }
  }

  private List<String> recordWith(SpoolDirectory spool, int count) throws IOException {
    return record(spool, count);
  }

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

  private void writeMeta(String uuid, String created) throws IOException {
    Files.writeString(dir.resolve(uuid + ".meta"), meta(uuid, created));
  }

  private static String meta(String uuid, String created) {
    return "{\"charmurl\":\"local:app\",\"uuid\":\""
        + uuid
        + "\",\"created\":\""
        + created
        + "\",\"unit-tag\":\"agent-1\"}\n";
  }

  private List<String> quarantined() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("quarantine"))) {
      return files.map(p -> p.getFileName().toString()).collect(Collectors.toList());
    }
  }

  private static void mkfifo(Path path) throws Exception {
    Process process = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    assertThat(process.waitFor()).isZero();
  }
}
