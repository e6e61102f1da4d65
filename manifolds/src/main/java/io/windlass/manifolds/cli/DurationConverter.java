package io.windlass.manifolds.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a {@code DURATION} option: a whole number with a unit ({@code 500ms}, {@code 5s}, {@code
 * 2m}, {@code 1h}, {@code 1d}) or an ISO-8601 duration ({@code PT1M30S}).
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern AMOUNT_AND_UNIT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  @Override
  public Duration convert(String value) {
    Matcher m = AMOUNT_AND_UNIT.matcher(value.trim());
    try {
      if (m.matches()) {
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
      }
      return Duration.parse(value.trim());
    } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration: write e.g. 500ms, 5s, 2m, 1h, 1d or PT1M30S");
    }
  }
}
