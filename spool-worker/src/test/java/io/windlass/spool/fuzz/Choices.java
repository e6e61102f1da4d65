package io.windlass.spool.fuzz;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The choices a generator draws from: random ones from a {@link SplittableRandom} while fuzzing, or
 * a recorded sequence while shrinking. Every draw is recorded, so a failing input is known by its
 * choices, and a simpler sequence (shorter, or with smaller numbers) replays as a simpler input: a
 * drawn number shrinks towards the low end of its range, a dropped choice drops what it decided (a
 * list element, an edit). Past the end of a replayed sequence every draw is the lowest.
 */
public final class Choices {

  /** The most draws one input may take, so that a generator that never ends gives up instead. */
  static final int MAX_DRAWS = 1_000_000;

  private final SplittableRandom random;
  private final long[] replay;
  private long[] drawn = new long[64];
  private int count;

  private Choices(SplittableRandom random, long[] replay) {
    this.random = random;
    this.replay = replay;
  }

  /** Random choices from {@code seed}. */
  public static Choices random(long seed) {
    return new Choices(new SplittableRandom(seed), null);
  }

  /** The choices {@code replay}, then the lowest. */
  static Choices replay(long[] replay) {
    return new Choices(null, replay.clone());
  }

  /** A number from {@code min} to {@code max}, both included; it shrinks towards {@code min}. */
  public long between(long min, long max) {
    if (max < min) {
      throw new IllegalArgumentException("empty range " + min + ".." + max);
    }
    long span = max - min; // unsigned
    long offset;
    if (random != null) {
      if (span == -1L) {
        offset = random.nextLong();
      } else if (span < 0) {
        do {
          offset = random.nextLong();
        } while (Long.compareUnsigned(offset, span) > 0);
      } else if (span == Long.MAX_VALUE) {
        offset = random.nextLong() & Long.MAX_VALUE;
      } else {
        offset = random.nextLong(span + 1);
      }
    } else {
      offset = count < replay.length ? replay[count] : 0;
      if (Long.compareUnsigned(offset, span) > 0) {
        offset = span;
      }
    }
    record(offset);
    return min + offset;
  }

  /** A number from {@code min} to {@code max}, both included; it shrinks towards {@code min}. */
  public int between(int min, int max) {
    return (int) between((long) min, (long) max);
  }

  /** True one time in {@code n}; it shrinks to false. */
  public boolean oneIn(int n) {
    return between(0, n - 1) == n - 1;
  }

  private void record(long offset) {
    if (count == MAX_DRAWS) {
      throw new Gen.GaveUp("more than " + MAX_DRAWS + " choices for one input");
    }
    if (count == drawn.length) {
      drawn = Arrays.copyOf(drawn, count * 2);
    }
    drawn[count++] = offset;
  }

  /** The choices drawn so far. */
  long[] drawn() {
    return Arrays.copyOf(drawn, count);
  }
}
