package io.windlass.manifolds.console;

import com.google.common.collect.ImmutableSortedMap;
import io.windlass.engine.EngineReport;
import io.windlass.engine.ManifoldReport;
import io.windlass.manifolds.stats.SpoolState;
import io.windlass.spool.SpoolStats;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/console/v1/spool}: the spool's size now and over the last hour, what passed
 * through it, and what it dropped, refused, quarantined or rejected. The manifold's state comes
 * from the engine report; the rest from the open spool's typed stats ({@code SpoolStats}).
 *
 * @param state the spool manifold's state; null when there is none
 * @param error what its last worker ended with, if anything
 * @param directory the spool directory; null while it is not open
 * @param bytes bytes of the batches held
 * @param batches batches held
 * @param oldestBatchAgeSeconds age of the oldest batch held; 0 when there is none
 * @param publishedBatches batches recorded into it since it opened
 * @param publishedMetrics metrics in those batches
 * @param removedBatches batches removed once sent
 * @param dropped batches dropped unread, by reason
 * @param refused metrics or batches refused because the spool was full, by bound
 * @param quarantined entries moved to {@code quarantine/}, by problem
 * @param skipped entries neither read nor movable to quarantine, by problem
 * @param orphansRemoved files of unfinished batches removed
 * @param historyStepSeconds the time between two points of {@code history}
 * @param history the spool's size over the last hour, oldest first
 * @param side how many entries {@code rejected/} and {@code quarantine/} hold, and the latest
 *     {@value SpoolSideEntries#MAX_ENTRIES} of each, with reasons
 */
record SpoolDocument(
    @Nullable String state,
    @Nullable String error,
    @Nullable String directory,
    long bytes,
    long batches,
    long oldestBatchAgeSeconds,
    long publishedBatches,
    long publishedMetrics,
    long removedBatches,
    Map<String, Long> dropped,
    Map<String, Long> refused,
    Map<String, Long> quarantined,
    Map<String, Long> skipped,
    long orphansRemoved,
    long historyStepSeconds,
    List<SpoolHistory.Point> history,
    SpoolSideEntries.Listing side) {

  /** The spool's manifold. */
  static final String SPOOL = "spool";

  public SpoolDocument {
    dropped = ImmutableSortedMap.copyOf(dropped);
    refused = ImmutableSortedMap.copyOf(refused);
    quarantined = ImmutableSortedMap.copyOf(quarantined);
    skipped = ImmutableSortedMap.copyOf(skipped);
    history = List.copyOf(history);
  }

  static SpoolDocument of(
      EngineReport report,
      Optional<SpoolState> open,
      SpoolHistory history,
      SpoolSideEntries.Listing side) {
    ManifoldReport manifold = report.manifold(SPOOL);
    SpoolStats spool = open.map(SpoolState::stats).orElse(null);
    return new SpoolDocument(
        manifold == null ? null : manifold.state(),
        manifold == null ? null : manifold.error(),
        open.map(s -> s.directory().toString()).orElse(null),
        spool == null ? 0 : spool.bytes(),
        spool == null ? 0 : spool.batches(),
        spool == null ? 0 : spool.oldestBatchAge().toSeconds(),
        spool == null ? 0 : spool.publishedBatches(),
        spool == null ? 0 : spool.publishedMetrics(),
        spool == null ? 0 : spool.removedBatches(),
        spool == null ? Map.of() : spool.dropped(),
        spool == null ? Map.of() : spool.rejected(),
        spool == null ? Map.of() : spool.quarantined(),
        spool == null ? Map.of() : spool.skipped(),
        spool == null ? 0 : spool.orphansRemoved(),
        history.step().toSeconds(),
        history.points(),
        side);
  }

  /** Notes the spool's size in {@code history}, if the spool is open. */
  static void sample(Optional<SpoolState> open, SpoolHistory history) {
    open.map(SpoolState::stats)
        .ifPresent(spool -> history.sample(spool.bytes(), spool.batches(), spool.oldestBatchAge()));
  }
}
