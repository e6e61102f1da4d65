package io.windlass.manifolds.console;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.manifolds.console.SpoolSideEntries.Entry;
import io.windlass.manifolds.console.SpoolSideEntries.Listing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolSideEntriesTest {
  private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

  @TempDir Path spool;

  /** A clock the test moves by hand. */
  private static final class FakeClock extends Clock {
    private Instant now = T0;

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final FakeClock clock = new FakeClock();
  private final List<Path> read = new ArrayList<>();
  private final SpoolSideEntries side =
      new SpoolSideEntries(
          clock,
          path -> {
            read.add(path);
            return Files.readAllBytes(path);
          });

  /** Rejected batch {@code n}, moved aside {@code n} minutes after T0, as the spool writes it. */
  private Path reject(int n) throws IOException {
    Path rejected = Files.createDirectories(spool.resolve("rejected"));
    String uuid = String.format("00000000-0000-4000-8000-%012d", n);
    Instant at = T0.plus(Duration.ofMinutes(n));
    Path reason = rejected.resolve(uuid + ".reason");
    Files.writeString(
        reason,
        "{\"uuid\":\""
            + uuid
            + "\",\"rejected\":\""
            + at
            + "\",\"reason\":\"HTTP 400: "
            + n
            + "\"}\n",
        UTF_8);
    Files.writeString(rejected.resolve(uuid), "data");
    Files.setLastModifiedTime(reason, FileTime.from(at));
    return reason;
  }

  private void quarantine(String name, int minute, String problem) throws IOException {
    Path quarantine = Files.createDirectories(spool.resolve("quarantine"));
    Instant at = T0.plus(Duration.ofMinutes(minute));
    Path reason = quarantine.resolve(name + ".reason");
    Files.writeString(
        reason,
        "{\"entry\":\""
            + name
            + "\",\"quarantined\":\""
            + at
            + "\",\"problem\":\""
            + problem
            + "\",\"reason\":\"cannot parse line 1\"}\n",
        UTF_8);
    Files.setLastModifiedTime(reason, FileTime.from(at));
  }

  /** Marks a directory changed, as moving an entry into it does. */
  private void touch(String directory, Duration later) throws IOException {
    Path path = spool.resolve(directory);
    Files.setLastModifiedTime(
        path, FileTime.from(Files.getLastModifiedTime(path).toInstant().plus(later)));
  }

  /**
   * Covers a bug where every reason file of {@code rejected/} and {@code quarantine/} was read and
   * parsed on every read of the spool document.
   */
  @Test
  void manyRejectedBatchesAreCountedAndOnlyTheNewestAreRead() throws IOException {
    for (int n = 1; n <= 500; n++) {
      reject(n);
    }

    Listing listing = side.of(spool.toString());

    assertThat(listing.rejectedCount()).isEqualTo(500);
    assertThat(listing.rejected()).hasSize(SpoolSideEntries.MAX_ENTRIES);
    assertThat(listing.rejected())
        .extracting(Entry::reason)
        .containsExactlyElementsOf(
            IntStream.iterate(500, n -> n - 1).limit(20).mapToObj(n -> "HTTP 400: " + n).toList());
    assertThat(listing.rejected().get(0))
        .isEqualTo(
            new Entry(
                "00000000-0000-4000-8000-000000000500",
                T0.plus(Duration.ofMinutes(500)).toString(),
                "rejected",
                "HTTP 400: 500"));
    assertThat(read).as("reason files read").hasSize(SpoolSideEntries.MAX_ENTRIES);
    assertThat(listing.quarantinedCount()).isZero();
    assertThat(listing.quarantined()).isEmpty();
    assertThat(listing.error()).isNull();
  }

  @Test
  void quarantinedEntriesCarryTheirProblemNewestFirst() throws IOException {
    quarantine("a.meta", 1, "corrupt");
    quarantine("b", 3, "symlink");
    quarantine("c", 2, "fifo");

    Listing listing = side.of(spool.toString());

    assertThat(listing.quarantinedCount()).isEqualTo(3);
    assertThat(listing.quarantined())
        .extracting(Entry::entry, Entry::problem)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("b", "symlink"),
            org.assertj.core.groups.Tuple.tuple("c", "fifo"),
            org.assertj.core.groups.Tuple.tuple("a.meta", "corrupt"));
    assertThat(listing.rejected()).isEmpty();
  }

  @Test
  void aReasonFileThatDoesNotParseIsCountedButLeftOut() throws IOException {
    reject(1);
    Path bad = reject(2);
    Files.writeString(bad, "{\"rejected\":", UTF_8);
    Files.setLastModifiedTime(bad, FileTime.from(T0.plus(Duration.ofMinutes(2))));

    Listing listing = side.of(spool.toString());

    assertThat(listing.rejectedCount()).isEqualTo(2);
    assertThat(listing.rejected()).extracting(Entry::reason).containsExactly("HTTP 400: 1");
  }

  @Test
  void aListingIsGivenAgainWhileTheDirectoriesAreUnchangedForAFewSeconds() throws IOException {
    reject(1);
    quarantine("x", 1, "corrupt");
    Listing first = side.of(spool.toString());
    read.clear();

    clock.advance(SpoolSideEntries.REUSE_FOR.minusMillis(1));
    assertThat(side.of(spool.toString())).isSameAs(first);
    assertThat(read).isEmpty();

    clock.advance(Duration.ofMillis(1));
    Listing later = side.of(spool.toString());
    assertThat(later).isNotSameAs(first).isEqualTo(first);
    assertThat(read).hasSize(2);
  }

  @Test
  void anEntryMovedAsideShowsAtOnce() throws IOException {
    reject(1);
    assertThat(side.of(spool.toString()).rejectedCount()).isEqualTo(1);

    reject(2);
    touch("rejected", Duration.ofSeconds(1));
    Listing listing = side.of(spool.toString());

    assertThat(listing.rejectedCount()).isEqualTo(2);
    assertThat(listing.rejected()).extracting(Entry::reason).startsWith("HTTP 400: 2");
  }

  @Test
  void aSpoolWithoutSideDirectoriesHasNone() {
    Listing listing = side.of(spool.toString());

    assertThat(listing).isEqualTo(new Listing(List.of(), 0, List.of(), 0, null));
    assertThat(side.of(null)).isEqualTo(Listing.NONE);
  }

  @Test
  void aReasonFileIsReadOnlyIfItIsARegularFileWithinTheLimit() throws IOException {
    Path small = spool.resolve("small.reason");
    Files.writeString(small, "{}");
    Path large = spool.resolve("large.reason");
    Files.write(large, new byte[SpoolSideEntries.MAX_REASON_BYTES + 1]);
    Path link = Files.createSymbolicLink(spool.resolve("link.reason"), small);

    assertThat(SpoolSideEntries.readRegularFile(small)).isEqualTo("{}".getBytes(UTF_8));
    assertThat(SpoolSideEntries.readRegularFile(large)).isNull();
    assertThat(SpoolSideEntries.readRegularFile(link)).isNull();
    assertThat(SpoolSideEntries.readRegularFile(spool)).isNull();
  }
}
