package io.windlass.spool;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Logs the expected failures of reaching targets (a refused connection, a timeout, an HTTP error
 * status from a scrape target or a sink) as one warning line per target at most once per interval:
 * a target's first failure at once, its later ones counted and told with the next line logged for
 * it after the interval has passed ({@code ... (3 more since 2026-01-01T10:00:00Z)}). Each line is
 * the caller's sentence, which names the cause and the target; the stack trace of every failure
 * goes to debug only. A target that works again is {@linkplain #recovered forgotten}, so its next
 * failure is logged at once.
 *
 * <p>It remembers at most {@value #MAX_TARGETS} targets; past that the one heard from least
 * recently is forgotten. Thread-safe.
 */
public final class TargetFailureLog {

  /** The most targets remembered at once. */
  public static final int MAX_TARGETS = 1024;

  private final Logger log;
  private final Duration interval;
  private final Clock clock;
  private final Map<String, Target> targets = new LinkedHashMap<>(16, 0.75f, true); // guarded

  private static final class Target {
    Instant lastLogged;
    long unlogged;

    Target(Instant lastLogged) {
      this.lastLogged = lastLogged;
    }
  }

  /**
   * Logs to {@code log}, for each target at most once per {@code interval} as {@code clock} tells
   * it.
   *
   * @param interval > 0
   */
  public TargetFailureLog(Logger log, Duration interval, Clock clock) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval " + interval + " must be > 0");
    }
    this.log = requireNonNull(log, "log");
    this.interval = interval;
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Notes one failure of {@code target}: {@code line} says what failed and why, in one line ({@code
   * scrape of http://127.0.0.1:9/metrics failed: connection refused}).
   *
   * @param failure the exception behind it, logged at debug; null if there is none
   * @return the line logged as a warning, or null if this failure was only counted
   */
  public @Nullable String failed(String target, String line, @Nullable Throwable failure) {
    Instant now = clock.instant();
    String logged;
    synchronized (targets) {
      Target known = targets.get(target);
      if (known != null && now.isBefore(known.lastLogged.plus(interval))) {
        known.unlogged++;
        logged = null;
      } else if (known == null) {
        targets.put(target, new Target(now));
        if (targets.size() > MAX_TARGETS) {
          var eldest = targets.keySet().iterator();
          eldest.next();
          eldest.remove();
        }
        logged = line;
      } else {
        logged =
            known.unlogged == 0
                ? line
                : line + " (" + known.unlogged + " more since " + known.lastLogged + ")";
        known.unlogged = 0;
        known.lastLogged = now;
      }
    }
    if (logged != null) {
      log.warn("{}", logged);
    }
    if (failure != null) {
      log.debug("{}", line, failure);
    }
    return logged;
  }

  /** Forgets {@code target}'s failures: it works again. */
  public void recovered(String target) {
    synchronized (targets) {
      targets.remove(target);
    }
  }

  /** How many targets are remembered. */
  public int targets() {
    synchronized (targets) {
      return targets.size();
    }
  }
}
