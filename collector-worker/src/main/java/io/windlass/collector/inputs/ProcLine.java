package io.windlass.collector.inputs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One line of a {@code /proc} file, knowing where it came from so a parse failure can say so.
 *
 * @param file the file the line was read from
 * @param number the line number, from 1
 * @param text the line without its terminator
 */
public record ProcLine(Path file, int number, String text) {

  /** Validates. */
  public ProcLine {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(text, "text");
  }

  /** The line's whitespace-separated fields; empty for a blank line. */
  public List<String> fields() {
    List<String> fields = new ArrayList<>();
    int length = text.length();
    int i = 0;
    while (i < length) {
      while (i < length && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < length && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i > start) {
        fields.add(text.substring(start, i));
      }
    }
    return Collections.unmodifiableList(fields);
  }

  /** Whether the line's text starts with {@code prefix}, after any leading whitespace. */
  public boolean startsWith(String prefix) {
    int i = 0;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return text.startsWith(prefix, i);
  }

  /** Whether the line is empty or only whitespace. */
  public boolean isBlank() {
    return text.isBlank();
  }

  /**
   * Parses {@code field} as a non-negative decimal counter; {@code what} names it in the error.
   *
   * @throws ProcFormatException when it is not one
   */
  public long parseCounter(String field, String what) throws ProcFormatException {
    try {
      long value = Long.parseUnsignedLong(field);
      // Counters above Long.MAX_VALUE are unsigned 64-bit values that wrapped into negatives.
      if (value < 0) {
        throw malformed(what + " " + field + " is beyond the range of a signed 64-bit counter");
      }
      return value;
    } catch (NumberFormatException e) {
      throw malformed(what + " '" + field + "' is not a decimal counter");
    }
  }

  /**
   * Parses {@code field} as a finite decimal number; {@code what} names it in the error.
   *
   * @throws ProcFormatException when it is not one
   */
  public double parseDecimal(String field, String what) throws ProcFormatException {
    try {
      double value = Double.parseDouble(field);
      if (!Double.isFinite(value)) {
        throw malformed(what + " '" + field + "' is not finite");
      }
      return value;
    } catch (NumberFormatException e) {
      throw malformed(what + " '" + field + "' is not a decimal number");
    }
  }

  /** An exception saying this line is malformed because of {@code problem}. */
  public ProcFormatException malformed(String problem) {
    return new ProcFormatException(file, number, problem, text);
  }
}
