package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadOnlySpoolTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final String JUJU_UUID = "6ba7b810-9dad-41d1-80b4-00c04fd430c8";

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(T0);
  private SpoolDirectory spool;

  private SpoolDirectory spool() throws IOException {
    if (spool == null) {
      spool = SpoolDirectory.open(dir, SpoolOptions.builder().clock(clock).build());
    }
    return spool;
  }

  @AfterEach
  void closeSpool() throws IOException {
    if (spool != null) {
      spool.close();
    }
  }

  private String record(String source, String... keys) throws IOException {
    JsonMetricRecorder recorder = spool().recorder(DeclaredMetrics.any(), source, "agent-1");
    for (String key : keys) {
      recorder.addMetric(key, "1", clock.instant(), Map.of("zone", "a"));
    }
    recorder.close();
    List<MetricBatch> batches = spool().reader().read();
    return batches.get(batches.size() - 1).uuid();
  }

  private List<String> everyFile() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void listsReadableBatchesOldestFirstWithTheirCountsAndSizes() throws IOException {
    String first = record("input:cpu", "cpu.user", "cpu.system");
    clock.advance(Duration.ofSeconds(1));
    String second = record("local:app", "pings");

    ReadOnlySpool.Listing listing = ReadOnlySpool.of(dir).list();

    assertThat(listing.batches())
        .extracting(
            ReadOnlySpool.BatchSummary::uuid,
            b -> b.metadata().charmUrl(),
            b -> b.metadata().created(),
            ReadOnlySpool.BatchSummary::metrics)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(first, "input:cpu", T0, 2),
            org.assertj.core.groups.Tuple.tuple(
                second, "local:app", T0.plus(Duration.ofSeconds(1)), 1));
    assertThat(listing.batches().get(0).bytes())
        .isEqualTo(Files.size(dir.resolve(first)) + Files.size(dir.resolve(first + ".meta")));
    assertThat(listing.metrics()).isEqualTo(3);
    assertThat(listing.bytes()).isEqualTo(spool().stats().bytes());
    assertThat(listing.oldest()).contains(T0);
    assertThat(listing.unreadable()).isEmpty();
    assertThat(listing.quarantined()).isEmpty();
    assertThat(listing.rejected()).isEmpty();
  }

  @Test
  void readsABatchWithItsMetrics() throws IOException {
    String uuid = record("local:app", "pings", "pongs");

    MetricBatch batch = ReadOnlySpool.of(dir).read(uuid).orElseThrow();

    assertThat(batch).isEqualTo(spool().reader().read().get(0));
    assertThat(batch.metrics())
        .extracting(Metric::key, Metric::labels)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("pings", Map.of("zone", "a")),
            org.assertj.core.groups.Tuple.tuple("pongs", Map.of("zone", "a")));
  }

  @Test
  void aBatchThatIsNotThereReadsAsEmpty() throws IOException {
    assertThat(ReadOnlySpool.of(dir).read(JUJU_UUID)).isEmpty();
    assertThat(ReadOnlySpool.of(dir.resolve("none")).read(JUJU_UUID)).isEmpty();
  }

  @Test
  void aNameThatCannotBeABatchIsRefused() {
    assertThatThrownBy(() -> ReadOnlySpool.of(dir).read("../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("may hold only letters, digits and '-'");
  }

  @Test
  void readsAJujuBatch() throws IOException {
    Files.writeString(
        dir.resolve(JUJU_UUID + ".meta"),
        "{\"charmurl\":\"cs:mysql-1\",\"uuid\":\""
            + JUJU_UUID
            + "\",\"created\":\"2025-01-01T02:00:00.5+02:00\",\"unit-tag\":\"unit-mysql-0\"}\n");
    Files.writeString(
        dir.resolve(JUJU_UUID),
        "{\"key\":\"pings\",\"value\":\"5\",\"time\":\"2025-01-01T00:00:00Z\",\"labels\":null}\n");

    ReadOnlySpool.Listing listing = ReadOnlySpool.of(dir).list();

    assertThat(listing.batches()).hasSize(1);
    assertThat(listing.batches().get(0).metadata())
        .isEqualTo(
            new MetricMetadata(
                "cs:mysql-1", JUJU_UUID, Instant.parse("2025-01-01T00:00:00.5Z"), "unit-mysql-0"));
  }

  @Test
  void unreadableBatchesAreListedApartAndLeftWhereTheyAre() throws IOException {
    String good = record("local:app", "pings");
    Files.writeString(dir.resolve(JUJU_UUID + ".meta"), "{not json");
    Files.writeString(dir.resolve(JUJU_UUID), "{}");
    String noData = "01890a5d-ac96-774b-bcce-b302099a8057";
    Files.writeString(
        dir.resolve(noData + ".meta"),
        "{\"charmurl\":\"x\",\"uuid\":\""
            + noData
            + "\",\"created\":\"2025-01-01T00:00:00Z\",\"unit-tag\":\"a\"}");
    List<String> before = everyFile();

    ReadOnlySpool.Listing listing = ReadOnlySpool.of(dir).list();

    assertThat(listing.batches())
        .extracting(ReadOnlySpool.BatchSummary::uuid)
        .containsExactly(good);
    assertThat(listing.unreadable())
        .extracting(ReadOnlySpool.Unreadable::uuid)
        .containsExactly(noData, JUJU_UUID);
    assertThat(listing.unreadable().get(0).problem()).contains("data file is missing");
    assertThat(listing.unreadable().get(1).problem()).contains("metadata is not valid JSON");
    assertThat(everyFile()).as("nothing quarantined or removed").isEqualTo(before);
    assertThatThrownBy(() -> ReadOnlySpool.of(dir).read(JUJU_UUID))
        .isInstanceOf(MetricsDataException.class);
  }

  /**
   * Covers a bug where listing hung on a FIFO named like a batch and failed with a bare IOException
   * on a directory: they are skipped unread, with the problem, and nothing is moved.
   */
  @Test
  void batchesWithFilesThatAreNotRegularFilesWithinTheLimitAreSkippedUnread() throws Exception {
    String good = record("input:cpu", "cpu.user");
    String fifo = "11111111-1111-4111-8111-111111111111";
    String directory = "22222222-2222-4222-8222-222222222222";
    String link = "33333333-3333-4333-8333-333333333333";
    String large = "44444444-4444-4444-8444-444444444444";
    String orphanFifo = "55555555-5555-4555-8555-555555555555";
    for (String uuid : List.of(fifo, directory, link, large)) {
      Files.writeString(dir.resolve(uuid + ".meta"), meta(uuid));
    }
    mkfifo(dir.resolve(fifo));
    Files.createDirectory(dir.resolve(directory));
    Files.createSymbolicLink(dir.resolve(link), dir.resolve(good));
    Files.writeString(dir.resolve(large), "{\"key\":\"k\",\"value\":\"1\",\"time\":\"x\"}\n");
    mkfifo(dir.resolve(orphanFifo));
    mkfifo(dir.resolve("not a uuid.meta"));
    List<String> before = everyFile();

    ReadOnlySpool.Listing listing = ReadOnlySpool.of(dir, 16).list();

    assertThat(listing.batches()).isEmpty(); // the good batch is over 16 bytes too
    assertThat(listing.skipped())
        .extracting(ReadOnlySpool.Skipped::name, ReadOnlySpool.Skipped::problem)
        .containsExactlyInAnyOrder(
            tuple(fifo, EntryProblem.NOT_A_FILE),
            tuple(directory, EntryProblem.NOT_A_FILE),
            tuple(link, EntryProblem.SYMLINK),
            tuple(large, EntryProblem.TOO_LARGE),
            tuple(good, EntryProblem.TOO_LARGE));
    assertThat(listing.skipped())
        .filteredOn(e -> e.name().equals(directory))
        .singleElement()
        .extracting(ReadOnlySpool.Skipped::detail)
        .isEqualTo(directory + " is a directory");
    assertThat(listing.skippedByProblem())
        .containsExactly(
            entry(EntryProblem.SYMLINK, 1),
            entry(EntryProblem.NOT_A_FILE, 2),
            entry(EntryProblem.TOO_LARGE, 2));
    assertThat(listing.unreadable())
        .extracting(ReadOnlySpool.Unreadable::uuid)
        .containsExactly("not a uuid");
    assertThat(ReadOnlySpool.of(dir).list().batches())
        .extracting(ReadOnlySpool.BatchSummary::uuid)
        .containsExactly(good);
    assertThatThrownBy(() -> ReadOnlySpool.of(dir).read(fifo))
        .isInstanceOf(MetricsDataException.class)
        .hasMessage(fifo + " is not a regular file (a FIFO, socket or device)");
    assertThat(everyFile()).as("nothing moved").isEqualTo(before);
  }

  private static String meta(String uuid) {
    return "{\"charmurl\":\"x\",\"uuid\":\""
        + uuid
        + "\",\"created\":\"2025-01-01T00:00:00Z\",\"unit-tag\":\"a\"}";
  }

  private static void mkfifo(Path path) throws Exception {
    assertThat(new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor())
        .isZero();
  }

  @Test
  void dataWithoutMetadataAndHiddenFilesAreNotBatches() throws IOException {
    Files.writeString(dir.resolve(JUJU_UUID), "{\"key\":\"k\",\"value\":\"1\",\"time\":\"x\"}");
    Files.writeString(dir.resolve("." + JUJU_UUID + ".meta.inc-1234"), "{");
    Files.createDirectories(dir.resolve(".staging/0"));

    ReadOnlySpool.Listing listing = ReadOnlySpool.of(dir).list();

    assertThat(listing.batches()).isEmpty();
    assertThat(listing.unreadable()).isEmpty();
  }

  @Test
  void listsQuarantinedAndRejectedFiles() throws IOException {
    Files.createDirectories(dir.resolve("quarantine"));
    Files.writeString(dir.resolve("quarantine/bad.meta"), "{");
    Files.createDirectories(dir.resolve("rejected"));
    Files.writeString(dir.resolve("rejected/" + JUJU_UUID), "12345");
    Files.writeString(dir.resolve("rejected/" + JUJU_UUID + ".meta"), "1");

    ReadOnlySpool.Listing listing = ReadOnlySpool.of(dir).list();

    assertThat(listing.quarantined())
        .extracting(ReadOnlySpool.SpoolFile::name, ReadOnlySpool.SpoolFile::bytes)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("bad.meta", 1L));
    assertThat(listing.rejected())
        .extracting(ReadOnlySpool.SpoolFile::name)
        .containsExactly(JUJU_UUID, JUJU_UUID + ".meta");
  }

  @Test
  void neverCreatesTheDirectoryOrALockFile() throws IOException {
    Path missing = dir.resolve("missing");
    ReadOnlySpool view = ReadOnlySpool.of(missing);

    assertThat(view.exists()).isFalse();
    assertThatThrownBy(view::list).isInstanceOf(NoSuchFileException.class);
    assertThat(missing).doesNotExist();

    ReadOnlySpool.of(dir).list();
    assertThat(dir.resolve(".windlass.lock")).doesNotExist();
  }

  @Test
  void worksOnADirectoryItMayOnlyRead() throws IOException {
    assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere");
    String uuid = record("local:app", "pings");
    spool.close();
    spool = null;
    dir.toFile().setWritable(false);
    try {
      assertThat(ReadOnlySpool.of(dir).list().batches())
          .extracting(ReadOnlySpool.BatchSummary::uuid)
          .containsExactly(uuid);
    } finally {
      dir.toFile().setWritable(true);
    }
  }

  @Test
  void readsTheReasonsOfRejectedBatchesNewestFirstUpToTheLimit() throws IOException {
    String first = record("input:cpu", "a");
    String second = record("input:cpu", "b");
    String third = record("input:cpu", "c");
    spool().reader().reject(first, "HTTP 400: out of order sample");
    clock.advance(Duration.ofSeconds(1));
    spool().reader().reject(second, "HTTP 400: too old");
    clock.advance(Duration.ofSeconds(1));
    spool().reader().reject(third, "HTTP 422: bad label");

    List<ReadOnlySpool.MovedAside> reasons = ReadOnlySpool.of(dir).rejectedReasons(2);

    assertThat(reasons)
        .containsExactly(
            new ReadOnlySpool.MovedAside(
                third, Optional.of(T0.plusSeconds(2)), "rejected", "HTTP 422: bad label"),
            new ReadOnlySpool.MovedAside(
                second, Optional.of(T0.plusSeconds(1)), "rejected", "HTTP 400: too old"));
    assertThat(ReadOnlySpool.of(dir).rejectedReasons(0)).isEmpty();
  }

  @Test
  void readsTheReasonsOfQuarantinedEntries() throws IOException {
    String bad = "11111111-1111-4111-8111-111111111111";
    Files.writeString(dir.resolve(bad + ".meta"), "{\"charmurl\":");
    Files.writeString(dir.resolve(bad), "{}\n");
    record("input:cpu", "a"); // the spool reads every batch, quarantining the bad one

    List<ReadOnlySpool.MovedAside> reasons = ReadOnlySpool.of(dir).quarantineReasons(10);

    assertThat(reasons).hasSize(1);
    assertThat(reasons.get(0).entry()).isEqualTo(bad + ".meta");
    assertThat(reasons.get(0).problem()).isEqualTo("corrupt");
    assertThat(reasons.get(0).movedAt()).contains(T0);
    assertThat(reasons.get(0).reason()).isNotBlank();
  }

  @Test
  void reasonsOfASpoolWithoutSideDirectoriesAreNone() throws IOException {
    record("input:cpu", "a");

    assertThat(ReadOnlySpool.of(dir).rejectedReasons(10)).isEmpty();
    assertThat(ReadOnlySpool.of(dir).quarantineReasons(10)).isEmpty();
    assertThat(ReadOnlySpool.of(dir.resolve("absent")).rejectedReasons(10)).isEmpty();
  }

  @Test
  void anUnreadableReasonFileIsLeftOut() throws IOException {
    Files.createDirectories(dir.resolve("rejected"));
    Files.writeString(dir.resolve("rejected/x.reason"), "not json");
    Files.createSymbolicLink(dir.resolve("rejected/y.reason"), dir.resolve("elsewhere"));

    assertThat(ReadOnlySpool.of(dir).rejectedReasons(10)).isEmpty();
  }
}
