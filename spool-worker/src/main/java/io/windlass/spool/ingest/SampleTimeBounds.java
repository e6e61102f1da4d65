package io.windlass.spool.ingest;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How far from the agent's clock a pushed sample's timestamp may be, checked at every door (HTTP
 * pushes, {@code ingest.sock}) before anything of a request is stored.
 *
 * <p>Why: a backend refuses, or silently drops, what is too far off, and a sample far in the future
 * does worse. Prometheus moves its head to the newest timestamp it stores, so one sample stamped in
 * the year 5000 makes it refuse every later sample as too old; VictoriaMetrics drops samples more
 * than two days ahead, or older than its retention, without a word. A sample refused at the door is
 * answered at once (HTTP {@code 400}, {@code error:} on the socket), while the client still has it;
 * once acknowledged, it could only end up in {@code rejected/} or be lost.
 *
 * @param maxAhead how far ahead of the agent's clock a timestamp may be (default {@link
 *     #DEFAULT_MAX_AHEAD}); not negative
 * @param maxBehind how far behind the agent's clock a timestamp may be; positive
 */
public record SampleTimeBounds(Duration maxAhead, Duration maxBehind) {

  /** The default of {@link #maxAhead()}: 10 minutes, room for clocks a little apart. */
  public static final Duration DEFAULT_MAX_AHEAD = Duration.ofMinutes(10);

  /**
   * The default of {@link #maxBehind()} where no other is given: 7 days, the spool's default {@code
   * max-age}.
   */
  public static final Duration DEFAULT_MAX_BEHIND = Duration.ofDays(7);

  /** The bounds of any time the spool can store: about 10,000 years either way. */
  private static final Duration UNBOUNDED = Duration.ofDays(10_000L * 366);

  /** Checks both bounds. */
  public SampleTimeBounds {
    if (maxAhead == null || maxAhead.isNegative()) {
      throw new IllegalArgumentException("maxAhead " + maxAhead + " must be >= 0");
    }
    if (maxBehind == null || maxBehind.isNegative() || maxBehind.isZero()) {
      throw new IllegalArgumentException("maxBehind " + maxBehind + " must be > 0");
    }
    if (maxAhead.compareTo(UNBOUNDED) > 0) {
      maxAhead = UNBOUNDED;
    }
    if (maxBehind.compareTo(UNBOUNDED) > 0) {
      maxBehind = UNBOUNDED;
    }
  }

  /** {@link #DEFAULT_MAX_AHEAD} and {@link #DEFAULT_MAX_BEHIND}. */
  public static SampleTimeBounds defaults() {
    return new SampleTimeBounds(DEFAULT_MAX_AHEAD, DEFAULT_MAX_BEHIND);
  }

  /** No bound but the spool's own (years 0000 to 9999); for tests and tools that replay data. */
  public static SampleTimeBounds unbounded() {
    return new SampleTimeBounds(UNBOUNDED, UNBOUNDED);
  }

  /** The latest timestamp accepted when the agent's clock reads {@code now}, in epoch ms. */
  public long latestMillis(Instant now) {
    return now.toEpochMilli() + maxAhead.toMillis();
  }

  /** The earliest timestamp accepted when the agent's clock reads {@code now}, in epoch ms. */
  public long earliestMillis(Instant now) {
    return now.toEpochMilli() - maxBehind.toMillis();
  }

  /**
   * Why a sample at {@code millis} (epoch milliseconds) is refused when the agent's clock reads
   * {@code now}, or null if it is within bounds: {@code timestamp 5000-01-01T00:00:00Z is more than
   * 10m ahead of the agent's clock (2025-01-01T12:00:00Z)}.
   */
  public @Nullable String problem(long millis, Instant now) {
    if (millis > latestMillis(now)) {
      return describe(millis) + " is more than " + words(maxAhead) + " ahead of " + clock(now);
    }
    if (millis < earliestMillis(now)) {
      return describe(millis) + " is more than " + words(maxBehind) + " behind " + clock(now);
    }
    return null;
  }

  /** {@link #problem(long, Instant)} of {@code time}. */
  public @Nullable String problem(Instant time, Instant now) {
    long millis;
    try {
      millis = time.toEpochMilli();
    } catch (ArithmeticException e) {
      millis = time.isBefore(now) ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return problem(millis, now);
  }

  private static String describe(long millis) {
    String text;
    try {
      text = Instant.ofEpochMilli(millis).toString();
    } catch (RuntimeException e) {
      text = millis + " ms";
    }
    return "timestamp " + text;
  }

  private static String clock(Instant now) {
    return "the agent's clock (" + now + ")";
  }

  /**
   * {@code duration} in the largest unit that divides it ({@code 10m}, {@code 7d}, {@code 90s}).
   */
  static String words(Duration duration) {
    long millis = duration.toMillis();
    long[] units = {86_400_000, 3_600_000, 60_000, 1_000};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (millis != 0 && millis % units[i] == 0) {
        return millis / units[i] + names[i];
      }
    }
    return millis + "ms";
  }
}
