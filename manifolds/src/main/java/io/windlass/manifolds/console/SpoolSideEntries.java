package io.windlass.manifolds.console;

import io.windlass.spool.ReadOnlySpool;
import io.windlass.spool.ReadOnlySpool.MovedAside;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The latest batches the sender rejected and entries the spool quarantined, with their reasons, as
 * the spool's reason files say ({@link ReadOnlySpool#rejectedReasons}, {@link
 * ReadOnlySpool#quarantineReasons}); at most {@value #MAX_ENTRIES} of each.
 */
final class SpoolSideEntries {

  /** The most entries of each kind listed. */
  static final int MAX_ENTRIES = 20;

  /**
   * One moved-aside entry.
   *
   * @param entry the batch uuid or file name
   * @param movedAt when it was moved aside, ISO-8601; null if unknown
   * @param problem {@code rejected}, or the quarantine problem
   * @param reason why, in words
   */
  record Entry(String entry, @Nullable String movedAt, String problem, String reason) {
    static Entry of(MovedAside moved) {
      return new Entry(
          moved.entry(),
          moved.movedAt().map(Object::toString).orElse(null),
          moved.problem(),
          moved.reason());
    }
  }

  /**
   * What the side directories hold.
   *
   * @param rejected the latest rejected batches, newest first
   * @param quarantined the latest quarantined entries, newest first
   * @param error why they could not be listed, if they could not
   */
  record Listing(List<Entry> rejected, List<Entry> quarantined, @Nullable String error) {
    Listing {
      rejected = List.copyOf(rejected);
      quarantined = List.copyOf(quarantined);
    }

    static final Listing NONE = new Listing(List.of(), List.of(), null);
  }

  private SpoolSideEntries() {}

  /** Lists the side directories of the spool in {@code directory}; none when it is null. */
  static Listing of(@Nullable String directory) {
    if (directory == null) {
      return Listing.NONE;
    }
    ReadOnlySpool spool = ReadOnlySpool.of(Path.of(directory));
    try {
      return new Listing(
          spool.rejectedReasons(MAX_ENTRIES).stream().map(Entry::of).toList(),
          spool.quarantineReasons(MAX_ENTRIES).stream().map(Entry::of).toList(),
          null);
    } catch (IOException | RuntimeException e) {
      return new Listing(List.of(), List.of(), "cannot list " + directory + ": " + e.getMessage());
    }
  }
}
