package io.windlass.spool;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Logs an expected, repeating failure (a full disk, a refused write) as one warning line at most
 * once per interval: the first occurrence at once, later ones counted and told with the next line
 * logged after the interval has passed. Each line has the failure's message, never its stack trace;
 * the stack trace of every occurrence goes to debug. Thread-safe.
 */
public final class IntervalLog {

  /** The interval writers use unless they have a reason for another. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

  private final Logger log;
  private final Duration interval;
  private final Clock clock;
  private @Nullable Instant lastLogged; // guarded by this
  private long unlogged; // occurrences since lastLogged; guarded by this

  /**
   * Logs to {@code log}, at most once per {@code interval} as {@code clock} tells it.
   *
   * @param interval > 0
   */
  public IntervalLog(Logger log, Duration interval, Clock clock) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval " + interval + " must be > 0");
    }
    this.log = requireNonNull(log, "log");
    this.interval = interval;
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Notes one occurrence of {@code what} (a short sentence: {@code "a push was not stored: the
   * spool's disk is full"}), caused by {@code failure}.
   *
   * @return whether a line was logged for it
   */
  public boolean warn(String what, Throwable failure) {
    Instant now = clock.instant();
    long before;
    @Nullable Instant since;
    synchronized (this) {
      if (lastLogged != null && now.isBefore(lastLogged.plus(interval))) {
        unlogged++;
        log.debug("{} (not logged as a warning: one per {})", what, interval, failure);
        return false;
      }
      before = unlogged;
      since = lastLogged;
      unlogged = 0;
      lastLogged = now;
    }
    String cause = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    if (before == 0) {
      log.warn("{} ({})", what, cause);
    } else {
      log.warn("{} ({}); {} more times since {}", what, cause, before, since);
    }
    log.debug("{}", what, failure);
    return true;
  }

  /** Occurrences noted since the last line logged. */
  public synchronized long unlogged() {
    return unlogged;
  }
}
