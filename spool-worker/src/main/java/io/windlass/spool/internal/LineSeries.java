package io.windlass.spool.internal;

import io.windlass.spool.internal.DecodeCache.KeyText;
import io.windlass.spool.internal.DecodeCache.LabelObject;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The series (key and label object) of each line of the data files read before, by line number: the
 * guess for the same line of the next file. Collectors, pushers and the spool's readers write a
 * batch's series in the same order batch after batch, so a line is most often of the series the
 * line with its number had in the file before; {@link PlainMetricLines} then only compares the
 * line's start and end with the guess's, instead of scanning, hashing and looking them up. A wrong
 * guess costs that comparison. Remembers the first {@value #MAX_LINES} lines. Not thread-safe: one
 * decode uses it at a time ({@link DecodeCache}).
 */
final class LineSeries {

  /** The most lines remembered; later lines of a file are never guessed. */
  static final int MAX_LINES = 1 << 16;

  private static final int INITIAL_LINES = 256;

  private @Nullable KeyText[] keys = new KeyText[INITIAL_LINES];
  private @Nullable LabelObject[] labels = new LabelObject[INITIAL_LINES];
  private long guessedRight;

  /** The key of line {@code line} of the file before, or null if none is remembered. */
  @Nullable KeyText key(int line) {
    return line < keys.length ? keys[line] : null;
  }

  /** The label object of line {@code line} of the file before, or null if it had none. */
  @Nullable LabelObject labels(int line) {
    return line < labels.length ? labels[line] : null;
  }

  /** Remembers the series of line {@code line}. */
  void remember(int line, KeyText key, @Nullable LabelObject labelObject) {
    if (line >= keys.length) {
      if (line >= MAX_LINES) {
        return;
      }
      int size = Math.min(MAX_LINES, Math.max(keys.length * 2, line + 1));
      keys = Arrays.copyOf(keys, size);
      labels = Arrays.copyOf(labels, size);
    }
    keys[line] = key;
    labels[line] = labelObject;
  }

  /** Counts a line of the series guessed for it. */
  void guessedRight() {
    guessedRight++;
  }

  /**
   * Lines read whose series was the one guessed for them (both guesses right, or no labels and a
   * right key); for tests.
   */
  long guessesRight() {
    return guessedRight;
  }
}
