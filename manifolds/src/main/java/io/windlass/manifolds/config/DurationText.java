package io.windlass.manifolds.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the config and the command line write them: a whole number with a unit ({@code
 * 500ms}, {@code 3s}, {@code 2m}, {@code 1h}, {@code 7d}) or an ISO-8601 duration ({@code
 * PT1M30S}).
 */
public final class DurationText {
  private static final Pattern AMOUNT_AND_UNIT = Pattern.compile("(-?)(\\d+) ?([A-Za-z]*)");

  /** The example every error message offers. */
  static final String EXAMPLES = "use e.g. 500ms, 3s, 2m, 1h, 7d or PT1M30S";

  private DurationText() {}

  /**
   * Reads a duration.
   *
   * @throws IllegalArgumentException saying what is wrong with {@code text}, which it quotes
   */
  public static Duration parse(String text) {
    String trimmed = text.strip();
    String quoted = '"' + text + '"';
    Matcher m = AMOUNT_AND_UNIT.matcher(trimmed);
    if (m.matches()) {
      if (!m.group(1).isEmpty()) {
        throw new IllegalArgumentException(quoted + " is not a duration: it must not be negative");
      }
      if (m.group(3).isEmpty()) {
        throw new IllegalArgumentException(
            quoted + " is not a duration: it has no unit (use e.g. " + m.group(2) + "s)");
      }
      long amount;
      try {
        amount = Long.parseLong(m.group(2));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(quoted + " is too long a duration");
      }
      String unit = m.group(3);
      try {
        return switch (unit) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          case "d" -> Duration.ofDays(amount);
          default ->
              throw new IllegalArgumentException(
                  quoted + " is not a duration: unknown unit \"" + unit + "\" (" + EXAMPLES + ")");
        };
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(quoted + " is too long a duration");
      }
    }
    if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
      try {
        Duration parsed = Duration.parse(trimmed);
        if (parsed.isNegative()) {
          throw new IllegalArgumentException(
              quoted + " is not a duration: it must not be negative");
        }
        return parsed;
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(quoted + " is not an ISO-8601 duration (e.g. PT1M30S)");
      }
    }
    throw new IllegalArgumentException(quoted + " is not a duration (" + EXAMPLES + ")");
  }

  /** {@code duration} in the largest unit that divides it exactly ({@code 7d}, {@code 500ms}). */
  public static String format(Duration duration) {
    if (duration.isNegative() || duration.getNano() % 1_000_000 != 0) {
      return duration.toString();
    }
    long millis;
    try {
      millis = duration.toMillis();
    } catch (ArithmeticException e) {
      return duration.toString();
    }
    if (millis == 0) {
      return "0s";
    }
    if (millis % 86_400_000 == 0) {
      return millis / 86_400_000 + "d";
    }
    if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1_000 == 0) {
      return millis / 1_000 + "s";
    }
    return millis + "ms";
  }
}
