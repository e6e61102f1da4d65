package io.windlass.manifolds.console;

import io.windlass.spool.ReadOnlySpool;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * The latest batches the sender rejected and entries the spool quarantined, with their reasons, as
 * the spool's reason files ({@code <entry>.reason} in {@value ReadOnlySpool#REJECTED_DIRECTORY}
 * {@code /} and {@value ReadOnlySpool#QUARANTINE_DIRECTORY}{@code /}) say.
 *
 * <p>The work of a listing is bounded however many entries were moved aside: each side directory is
 * listed by name and modification time only (one {@code lstat} per reason file), every reason file
 * is counted, and only the newest {@value #MAX_ENTRIES} of each (by modification time, then name)
 * are opened and parsed, each up to {@value #MAX_REASON_BYTES} bytes, a regular file reached
 * without following a link, as {@link ReadOnlySpool} reads them; one that cannot be read or parsed
 * is left out. A listing is kept for up to {@link #REUSE_FOR} and given again while neither side
 * directory's modification time has changed (an entry moved aside, or removed, changes it), so a
 * page that reads its document every two seconds lists the directories every few seconds at most; a
 * reason file written in place after its entry was listed shows within that time. Thread-safe.
 */
final class SpoolSideEntries {

  /** The most entries of each kind read and listed. */
  static final int MAX_ENTRIES = 20;

  /** The largest reason file read, as {@link ReadOnlySpool} reads them. */
  static final int MAX_REASON_BYTES = 64 * 1024;

  /** How long a listing is given again while the directories have not changed. */
  static final Duration REUSE_FOR = Duration.ofSeconds(5);

  /**
   * One moved-aside entry.
   *
   * @param entry the batch uuid or file name
   * @param movedAt when it was moved aside, ISO-8601; null if unknown
   * @param problem {@code rejected}, or the quarantine problem
   * @param reason why, in words
   */
  record Entry(String entry, @Nullable String movedAt, String problem, String reason) {}

  /**
   * What the side directories hold.
   *
   * @param rejected the latest rejected batches, newest first, at most {@value #MAX_ENTRIES}
   * @param rejectedCount how many rejected batches there are (reason files in {@code rejected/})
   * @param quarantined the latest quarantined entries, newest first, at most {@value #MAX_ENTRIES}
   * @param quarantinedCount how many quarantined entries there are (reason files in {@code
   *     quarantine/})
   * @param error why they could not be listed, if they could not
   */
  record Listing(
      List<Entry> rejected,
      long rejectedCount,
      List<Entry> quarantined,
      long quarantinedCount,
      @Nullable String error) {
    Listing {
      rejected = List.copyOf(rejected);
      quarantined = List.copyOf(quarantined);
    }

    static final Listing NONE = new Listing(List.of(), 0, List.of(), 0, null);
  }

  /** A reason file as listed: its name and modification time. */
  private record Listed(Path path, String name, FileTime modified) {}

  private static final Comparator<Listed> NEWEST_FIRST =
      Comparator.comparing(Listed::modified).reversed().thenComparing(Listed::name);

  /**
   * The listing last made, the directories' modification times it was made at, and when.
   *
   * @param directory the spool directory
   * @param rejectedModified {@code rejected/}'s modification time; null if it was not there
   * @param quarantineModified {@code quarantine/}'s; null if it was not there
   */
  private record Kept(
      String directory,
      @Nullable FileTime rejectedModified,
      @Nullable FileTime quarantineModified,
      Instant at,
      Listing listing) {}

  /** How a reason file is read; a seam for tests. */
  @FunctionalInterface
  interface ReasonReader {
    /**
     * The file's bytes; null if it is not a regular file within {@value #MAX_REASON_BYTES} bytes.
     */
    byte @Nullable [] read(Path path) throws IOException;
  }

  private final Clock clock;
  private final ReasonReader reader;
  private volatile @Nullable Kept kept;

  /** Listings made and kept by {@code clock}'s time. */
  SpoolSideEntries(Clock clock) {
    this(clock, SpoolSideEntries::readRegularFile);
  }

  /** Listings made and kept by {@code clock}'s time, reading reason files with {@code reader}. */
  SpoolSideEntries(Clock clock, ReasonReader reader) {
    this.clock = clock;
    this.reader = reader;
  }

  /** Lists the side directories of the spool in {@code directory}; none when it is null. */
  Listing of(@Nullable String directory) {
    if (directory == null) {
      return Listing.NONE;
    }
    Path spool = Path.of(directory);
    Path rejectedDirectory = spool.resolve(ReadOnlySpool.REJECTED_DIRECTORY);
    Path quarantineDirectory = spool.resolve(ReadOnlySpool.QUARANTINE_DIRECTORY);
    Instant now = clock.instant();
    try {
      // Read before listing: an entry moved aside during the listing changes them after.
      FileTime rejectedModified = modified(rejectedDirectory);
      FileTime quarantineModified = modified(quarantineDirectory);
      Kept last = kept;
      if (last != null
          && last.directory().equals(directory)
          && Objects.equals(last.rejectedModified(), rejectedModified)
          && Objects.equals(last.quarantineModified(), quarantineModified)
          && !now.isBefore(last.at())
          && now.isBefore(last.at().plus(REUSE_FOR))) {
        return last.listing();
      }
      Side rejected = side(rejectedDirectory, true);
      Side quarantined = side(quarantineDirectory, false);
      Listing listing =
          new Listing(rejected.latest, rejected.count, quarantined.latest, quarantined.count, null);
      kept = new Kept(directory, rejectedModified, quarantineModified, now, listing);
      return listing;
    } catch (IOException | RuntimeException e) {
      return new Listing(
          List.of(), 0, List.of(), 0, "cannot list " + directory + ": " + e.getMessage());
    }
  }

  /** A directory's modification time, not following a link; null if it is not there. */
  private static @Nullable FileTime modified(Path directory) throws IOException {
    try {
      return Files.readAttributes(directory, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .lastModifiedTime();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private record Side(List<Entry> latest, long count) {}

  /** Counts the reason files in {@code directory} and reads the newest {@value #MAX_ENTRIES}. */
  private Side side(Path directory, boolean rejected) throws IOException {
    // The newest MAX_ENTRIES so far, the oldest of them at the head.
    PriorityQueue<Listed> newest = new PriorityQueue<>(MAX_ENTRIES + 1, NEWEST_FIRST.reversed());
    long count = 0;
    try (DirectoryStream<Path> listing =
        Files.newDirectoryStream(directory, "*" + ReadOnlySpool.REASON_SUFFIX)) {
      for (Path path : listing) {
        BasicFileAttributes attributes;
        try {
          attributes =
              Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
          continue; // removed since the listing
        }
        if (!attributes.isRegularFile()) {
          continue;
        }
        count++;
        newest.add(new Listed(path, path.getFileName().toString(), attributes.lastModifiedTime()));
        if (newest.size() > MAX_ENTRIES) {
          newest.poll();
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return new Side(List.of(), 0);
    }
    List<Listed> latest = new ArrayList<>(newest);
    latest.sort(NEWEST_FIRST);
    List<Entry> entries = new ArrayList<>();
    for (Listed listed : latest) {
      Entry entry = read(listed, rejected);
      if (entry != null) {
        entries.add(entry);
      }
    }
    return new Side(entries, count);
  }

  /** The entry a reason file tells of, or null if it cannot be read or parsed. */
  private @Nullable Entry read(Listed listed, boolean rejected) {
    byte[] bytes;
    try {
      bytes = reader.read(listed.path());
    } catch (IOException e) {
      return null; // removed meanwhile, or unreadable: left out, as ReadOnlySpool leaves it
    }
    ReadOnlySpool.MovedAside reason =
        bytes == null ? null : ReadOnlySpool.reasonOf(listed.name(), bytes, rejected);
    if (reason == null) {
      return null;
    }
    return new Entry(
        reason.entry(),
        reason.movedAt().map(Instant::toString).orElse(null),
        reason.problem(),
        reason.reason());
  }

  /**
   * The file's bytes, opened without following a link; null if it is not a regular file, is larger
   * than {@value #MAX_REASON_BYTES} bytes, or grows while it is read.
   */
  static byte @Nullable [] readRegularFile(Path path) throws IOException {
    // Checked before opening: a FIFO is never opened (that would block until a writer comes).
    BasicFileAttributes attributes =
        Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isRegularFile() || attributes.size() > MAX_REASON_BYTES) {
      return null;
    }
    try (FileChannel channel =
        FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      // One byte more than it had: a file that has grown since is being written, or too large.
      ByteBuffer buffer = ByteBuffer.allocate((int) attributes.size() + 1);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // read on to the end, or one byte past the size it had
      }
      if (!buffer.hasRemaining()) {
        return null;
      }
      byte[] bytes = new byte[buffer.position()];
      buffer.flip().get(bytes);
      return bytes;
    }
  }
}
