package io.windlass.manifolds.cli;

import io.windlass.manifolds.config.DurationText;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a {@code DURATION} option with the config's syntax ({@link DurationText}): a whole number
 * with a unit ({@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d}) or an ISO-8601
 * duration ({@code PT1M30S}).
 */
public final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    try {
      return DurationText.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration: write e.g. 500ms, 5s, 2m, 1h, 1d or PT1M30S");
    }
  }
}
