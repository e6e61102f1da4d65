package io.windlass.spool.internal;

import io.windlass.spool.DropReason;
import io.windlass.spool.EntryProblem;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Logs what the spool removes or moves aside without it being read, with counts, at most one line
 * per kind and interval: batches dropped for the bounds, entries quarantined, entries skipped
 * (neither trusted nor movable), and data files without metadata removed. What is noted is summed
 * and logged by {@link #flushIfDue()} — called after every pass that dropped something and on every
 * read, so a burst is one line and what is held back is logged once the interval has passed (not
 * only when the next drop comes) — and by {@link #flush()} at close. Thread-safe.
 */
final class DropLog {
  private final Logger log;
  private final Path directory;
  private final Clock clock;
  private final Duration interval;

  // Guarded by this.
  private final Tally drops = new Tally();
  private final Tally quarantines = new Tally();
  private final Tally skips = new Tally();
  private final Tally orphans = new Tally();

  DropLog(Logger log, Path directory, Clock clock, Duration interval) {
    this.log = log;
    this.directory = directory;
    this.clock = clock;
    this.interval = interval;
  }

  /** Notes one batch of {@code bytes} dropped for a bound. */
  synchronized void dropped(DropReason reason, long bytes) {
    drops.note(reason, bytes, null, clock.instant());
  }

  /** Notes one entry moved to quarantine; {@code example} names it and says why. */
  synchronized void quarantined(EntryProblem problem, String example) {
    quarantines.note(problem, 0, example, clock.instant());
  }

  /** Notes one entry skipped because it could not be moved to quarantine. */
  synchronized void skipped(EntryProblem problem, String example) {
    skips.note(problem, 0, example, clock.instant());
  }

  /** Notes one data file without metadata, of {@code bytes}, removed. */
  synchronized void orphanRemoved(long bytes) {
    orphans.note(null, bytes, null, clock.instant());
  }

  /** Logs each kind with something pending whose interval has passed since its last line. */
  synchronized void flushIfDue() {
    Instant now = clock.instant();
    for (Tally tally : new Tally[] {drops, quarantines, skips, orphans}) {
      if (tally.count > 0
          && (tally.lastLogged == null || !now.isBefore(tally.lastLogged.plus(interval)))) {
        logPending(tally, now);
      }
    }
  }

  /** Logs whatever is pending. */
  synchronized void flush() {
    Instant now = clock.instant();
    for (Tally tally : new Tally[] {drops, quarantines, skips, orphans}) {
      if (tally.count > 0) {
        logPending(tally, now);
      }
    }
  }

  private void logPending(Tally tally, Instant now) {
    String reasons = tally.reasons();
    if (tally == drops) {
      log.warn(
          "spool {}: dropped {} unread batch{} ({} bytes) since {} to stay within its bounds: {}",
          directory,
          tally.count,
          tally.count == 1 ? "" : "es",
          tally.bytes,
          tally.since,
          reasons);
    } else if (tally == quarantines) {
      log.warn(
          "spool {}: quarantined {} entr{} since {} ({}): moved to {} with a reason file each;"
              + " the last: {}",
          directory,
          tally.count,
          tally.count == 1 ? "y" : "ies",
          tally.since,
          reasons,
          directory.resolve(BatchNames.QUARANTINE_DIRECTORY),
          tally.example);
    } else if (tally == skips) {
      log.warn(
          "spool {}: skipped {} entr{} since {} ({}) that cannot be moved to quarantine: they are"
              + " not read, not counted, and not reported again; the last: {}",
          directory,
          tally.count,
          tally.count == 1 ? "y" : "ies",
          tally.since,
          reasons,
          tally.example);
    } else {
      log.warn(
          "spool {}: removed {} data file{} without metadata ({} bytes) since {}: batches whose"
              + " publishing never finished, so never acknowledged",
          directory,
          tally.count,
          tally.count == 1 ? "" : "s",
          tally.bytes,
          tally.since);
    }
    tally.clear(now);
  }

  /** What one kind has pending. */
  private static final class Tally {
    final Map<Enum<?>, Long> byReason = new TreeMap<>(Comparator.comparingInt(Enum::ordinal));
    long count;
    long bytes;
    @Nullable String example;
    @Nullable Instant since;
    @Nullable Instant lastLogged;

    void note(@Nullable Enum<?> reason, long size, @Nullable String last, Instant now) {
      if (count == 0) {
        since = now;
      }
      count++;
      bytes += size;
      if (reason != null) {
        byReason.merge(reason, 1L, Long::sum);
      }
      if (last != null) {
        example = last;
      }
    }

    String reasons() {
      StringJoiner out = new StringJoiner(", ");
      byReason.forEach((reason, n) -> out.add(reason + " " + n));
      return out.toString();
    }

    void clear(Instant now) {
      byReason.clear();
      count = 0;
      bytes = 0;
      example = null;
      since = null;
      lastLogged = now;
    }
  }
}
