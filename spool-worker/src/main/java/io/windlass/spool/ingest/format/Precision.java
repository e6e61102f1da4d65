package io.windlass.spool.ingest.format;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The unit of Influx line protocol timestamps, the {@code precision} query parameter of {@code POST
 * /write} as InfluxDB 1.x takes it: nanoseconds unless given.
 */
public enum Precision {
  NANOSECONDS(1_000_000, true),
  MICROSECONDS(1_000, true),
  MILLISECONDS(1, false),
  SECONDS(1_000, false),
  MINUTES(60_000, false),
  HOURS(3_600_000, false);

  /** What {@link #parse} accepts, for messages. */
  public static final String ACCEPTED = "ns, us, ms, s, m, h";

  private final long factor;
  private final boolean divides;

  Precision(long factor, boolean divides) {
    this.factor = factor;
    this.divides = divides;
  }

  /**
   * The precision a query parameter names: {@code n}/{@code ns}, {@code u}/{@code us}/{@code µ},
   * {@code ms}, {@code s}, {@code m}, {@code h}; nanoseconds when absent or empty.
   *
   * @throws IllegalArgumentException for any other value
   */
  public static Precision parse(@Nullable String value) {
    if (value == null || value.isEmpty()) {
      return NANOSECONDS;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "n", "ns" -> NANOSECONDS;
      case "u", "us", "µ", "µs" -> MICROSECONDS;
      case "ms" -> MILLISECONDS;
      case "s" -> SECONDS;
      case "m" -> MINUTES;
      case "h" -> HOURS;
      default ->
          throw new IllegalArgumentException(
              "precision \"" + value + "\" is not one of " + ACCEPTED);
    };
  }

  /**
   * {@code timestamp}, in this unit, as epoch milliseconds (finer units truncated, as the
   * collector's parser truncates nanoseconds).
   *
   * @throws ArithmeticException if it does not fit
   */
  long toMillis(long timestamp) {
    return divides ? timestamp / factor : Math.multiplyExact(timestamp, factor);
  }
}
