package io.windlass.spool;

import com.google.common.collect.ImmutableMap;
import java.time.Duration;
import java.util.Map;

/**
 * A snapshot of a spool's size and counters, for status reporting. Sizes are this process's view:
 * batches other processes wrote or removed are counted from the directory listing that found them.
 * Counters count since the {@link SpoolDirectory} was opened.
 *
 * @param bytes the data and metadata bytes of the batches held
 * @param batches the batches held
 * @param oldestBatchAge how long ago the oldest batch held was created; zero when there is none
 * @param publishedBatches batches recorders published
 * @param publishedMetrics metrics in those batches
 * @param removedBatches batches readers removed
 * @param dropped batches dropped without being read, by {@link DropReason#label()} (every reason
 *     present)
 * @param rejected metrics or batches refused because the spool was full ({@link
 *     OverflowPolicy#REJECT_NEW}), by {@link DropReason#label()} of the bound
 * @param orphansRemoved data or metadata files of unfinished batches removed
 * @param tempFilesRemoved abandoned temporary files removed
 * @param emptyBatchesRemoved batches with no metrics removed
 * @param directorySyncs directory fsyncs; fewer than {@code publishedBatches} when concurrent
 *     publishers shared them
 * @param quarantined entries moved to {@code quarantine/}, by {@link EntryProblem#label()} (every
 *     problem present); their sum is {@code dropped("quarantined")}
 * @param skipped entries neither trusted nor movable to quarantine, left in place and not read, by
 *     {@link EntryProblem#label()} (every problem present); each is counted once
 */
public record SpoolStats(
    long bytes,
    long batches,
    Duration oldestBatchAge,
    long publishedBatches,
    long publishedMetrics,
    long removedBatches,
    Map<String, Long> dropped,
    Map<String, Long> rejected,
    long orphansRemoved,
    long tempFilesRemoved,
    long emptyBatchesRemoved,
    long directorySyncs,
    Map<String, Long> quarantined,
    Map<String, Long> skipped) {

  /** Copies the maps. */
  public SpoolStats {
    dropped = ImmutableMap.copyOf(dropped);
    rejected = ImmutableMap.copyOf(rejected);
    quarantined = ImmutableMap.copyOf(quarantined);
    skipped = ImmutableMap.copyOf(skipped);
  }

  /** Batches dropped for {@code reason}. */
  public long dropped(DropReason reason) {
    return dropped.getOrDefault(reason.label(), 0L);
  }

  /** Entries quarantined for {@code problem}. */
  public long quarantined(EntryProblem problem) {
    return quarantined.getOrDefault(problem.label(), 0L);
  }

  /** Entries skipped for {@code problem}. */
  public long skipped(EntryProblem problem) {
    return skipped.getOrDefault(problem.label(), 0L);
  }

  /** Refusals because of {@code bound}. */
  public long rejected(DropReason bound) {
    return rejected.getOrDefault(bound.label(), 0L);
  }
}
