package io.windlass.spool.ingest;

import java.time.Instant;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/**
 * The instants of the last few distinct timestamps a binary decoder read, by their number (epoch
 * millis, or nanos), so that a request holding each series' samples at the same few timestamps in
 * turn (as remote write and OTLP requests do) makes one {@link Instant} per timestamp, not per
 * sample. A small open-addressed table of {@value #SLOTS} slots: a timestamp is looked for in
 * {@value #PROBES} slots from its hash's, and a new one takes the first empty of them, else its
 * hash's slot. Not thread-safe: one per request.
 */
public final class RecentInstants {
  static final int SLOTS = 32;
  static final int PROBES = 4;

  /** Fibonacci hashing keeps the top bits: as many as index {@link #SLOTS}. */
  private static final int SHIFT = Long.SIZE - Integer.numberOfTrailingZeros(SLOTS);

  private final LongFunction<Instant> toInstant;
  private final long[] keys = new long[SLOTS];
  private final @Nullable Instant[] instants = new Instant[SLOTS];

  /** A table whose timestamps are turned into instants by {@code toInstant}. */
  public RecentInstants(LongFunction<Instant> toInstant) {
    this.toInstant = toInstant;
  }

  /** The instant of {@code timestamp}, made at its first look-up. */
  public Instant of(long timestamp) {
    int home = (int) ((timestamp * 0x9E3779B97F4A7C15L) >>> SHIFT);
    int free = -1;
    for (int i = 0; i < PROBES; i++) {
      int slot = (home + i) & (SLOTS - 1);
      Instant known = instants[slot];
      if (known == null) {
        free = free < 0 ? slot : free;
      } else if (keys[slot] == timestamp) {
        return known;
      }
    }
    Instant instant = toInstant.apply(timestamp);
    int slot = free < 0 ? home : free;
    keys[slot] = timestamp;
    instants[slot] = instant;
    return instant;
  }
}
