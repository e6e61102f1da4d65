package io.windlass.spool.fuzz;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Shrinks a failing input by its {@link Choices}: it tries simpler sequences (runs of choices
 * dropped, single choices set to their lowest, halved, lowered by one) and keeps any that still
 * fails, until no step helps or the budget of tries is spent. Simpler means shorter, or as long and
 * lower at the first difference, so it always ends.
 */
final class Shrinker {

  /** The lengths of the runs of choices it drops (an edit of {@link Mutations} is 5). */
  private static final int[] RUNS = {16, 8, 5, 4, 3, 2, 1};

  private final Function<long[], long[]> stillFails;
  private final int budget;
  private int tries;
  private int steps;
  private long[] smallest;

  /**
   * @param stillFails for a sequence of choices, the choices the failing input drew when it fails
   *     with them, or null if it passes (or cannot be drawn)
   */
  Shrinker(long[] failing, Function<long[], long[]> stillFails, int budget) {
    this.smallest = failing;
    this.stillFails = stillFails;
    this.budget = budget;
  }

  /** The simplest failing choices found. */
  long[] shrink() {
    boolean progress = true;
    while (progress && tries < budget) {
      progress = dropRuns() | lowerEach();
    }
    return smallest;
  }

  /** How many simpler failing inputs it went through. */
  int steps() {
    return steps;
  }

  private boolean dropRuns() {
    boolean progress = false;
    for (int run : RUNS) {
      for (int at = smallest.length - run; at >= 0 && tries < budget; at--) {
        if (at + run > smallest.length) {
          continue;
        }
        long[] candidate = new long[smallest.length - run];
        System.arraycopy(smallest, 0, candidate, 0, at);
        System.arraycopy(smallest, at + run, candidate, at, smallest.length - at - run);
        progress |= tryCandidate(candidate);
      }
    }
    return progress;
  }

  private boolean lowerEach() {
    boolean progress = false;
    for (int at = 0; at < smallest.length && tries < budget; at++) {
      long value = smallest[at];
      if (value == 0) {
        continue;
      }
      if (tryValue(at, 0)) {
        progress = true;
        continue;
      }
      // Towards the lowest value that still fails, halving the distance.
      long low = 0;
      long high = value;
      while (Long.compareUnsigned(high - low, 1) > 0 && tries < budget && at < smallest.length) {
        long middle = low + ((high - low) >>> 1);
        if (tryValue(at, middle)) {
          high = middle;
          progress = true;
        } else {
          low = middle;
        }
      }
    }
    return progress;
  }

  private boolean tryValue(int at, long value) {
    long[] candidate = smallest.clone();
    candidate[at] = value;
    return tryCandidate(candidate);
  }

  private boolean tryCandidate(long[] candidate) {
    tries++;
    long[] drawn = stillFails.apply(candidate);
    if (drawn != null && simpler(drawn, smallest)) {
      smallest = drawn;
      steps++;
      return true;
    }
    return false;
  }

  static boolean simpler(long[] a, long[] b) {
    if (a.length != b.length) {
      return a.length < b.length;
    }
    int differs = Arrays.mismatch(a, b);
    return differs >= 0 && Long.compareUnsigned(a[differs], b[differs]) < 0;
  }
}
