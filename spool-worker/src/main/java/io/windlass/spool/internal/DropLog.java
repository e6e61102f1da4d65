package io.windlass.spool.internal;

import io.windlass.spool.DropReason;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Logs drops for bounds at most once per interval: the first drop is logged at once, later ones are
 * summed and logged with the first drop after the interval has passed (or at {@link #flush()}).
 * Thread-safe.
 */
final class DropLog {
  private final Logger log;
  private final Path directory;
  private final Clock clock;
  private final Duration interval;

  // Guarded by this.
  private final Map<DropReason, Long> pending = new EnumMap<>(DropReason.class);
  private long pendingBytes;
  private @Nullable Instant lastLogged;
  private @Nullable Instant pendingSince;

  DropLog(Logger log, Path directory, Clock clock, Duration interval) {
    this.log = log;
    this.directory = directory;
    this.clock = clock;
    this.interval = interval;
  }

  /** Notes one dropped batch of {@code bytes}. */
  synchronized void dropped(DropReason reason, long bytes) {
    Instant now = clock.instant();
    if (pending.isEmpty()) {
      pendingSince = now;
    }
    pending.merge(reason, 1L, Long::sum);
    pendingBytes += bytes;
    if (lastLogged == null || !now.isBefore(lastLogged.plus(interval))) {
      logPending(now);
    }
  }

  /** Logs whatever is pending. */
  synchronized void flush() {
    if (!pending.isEmpty()) {
      logPending(clock.instant());
    }
  }

  private void logPending(Instant now) {
    long batches = 0;
    StringJoiner reasons = new StringJoiner(", ");
    for (Map.Entry<DropReason, Long> entry : pending.entrySet()) {
      batches += entry.getValue();
      reasons.add(entry.getKey().label() + " " + entry.getValue());
    }
    log.warn(
        "spool {}: dropped {} unread batch{} ({} bytes) since {} to stay within its bounds: {}",
        directory,
        batches,
        batches == 1 ? "" : "es",
        pendingBytes,
        pendingSince,
        reasons);
    pending.clear();
    pendingBytes = 0;
    pendingSince = null;
    lastLogged = now;
  }
}
