package io.windlass.spool.internal;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The spool encodings ({@link MetricLineEncoder#time}) of the last few distinct times a writer was
 * given, so that samples of one time are encoded once even when several times interleave (a remote
 * write request holds each series' samples at the same few timestamps in turn). A small
 * open-addressed table of {@value #SLOTS} slots: a time is looked for in {@value #PROBES} slots
 * from its hash's, and a new one takes the first empty of them, else its hash's slot. Not
 * thread-safe.
 */
public final class EncodedTimes {
  static final int SLOTS = 32;
  static final int PROBES = 4;

  private final @Nullable Instant[] times = new Instant[SLOTS];
  private final byte[][] encodings = new byte[SLOTS][];

  /** The encoding of {@code time}. */
  public byte[] of(Instant time) {
    int home = slot(time.getEpochSecond() * 1_000_000_000L + time.getNano());
    int free = -1;
    for (int i = 0; i < PROBES; i++) {
      int slot = (home + i) & (SLOTS - 1);
      Instant known = times[slot];
      if (known == null) {
        free = free < 0 ? slot : free;
      } else if (known.equals(time)) {
        return encodings[slot];
      }
    }
    int slot = free < 0 ? home : free;
    byte[] encoding = MetricLineEncoder.time(time);
    times[slot] = time;
    encodings[slot] = encoding;
    return encoding;
  }

  /** The home slot of {@code key}: its top bits after Fibonacci hashing. */
  static int slot(long key) {
    return (int)
        ((key * 0x9E3779B97F4A7C15L) >>> (Long.SIZE - Integer.numberOfTrailingZeros(SLOTS)));
  }
}
