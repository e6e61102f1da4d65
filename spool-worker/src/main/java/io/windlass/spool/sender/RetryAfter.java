package io.windlass.spool.sender;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} header (RFC 9110, section 10.2.3): a number of seconds, or an
 * HTTP-date (IMF-fixdate, {@code Wed, 21 Oct 2015 07:28:00 GMT}).
 */
public final class RetryAfter {
  private RetryAfter() {}

  /**
   * How long {@code header} asks the client to wait from {@code now}: zero for a date in the past,
   * empty for a header that is neither form.
   */
  public static Optional<Duration> parse(String header, Instant now) {
    String text = header.trim();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
      } catch (NumberFormatException e) {
        return Optional.of(Duration.ofSeconds(Long.MAX_VALUE)); // absurdly long: capped later
      }
    }
    try {
      Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(now, at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }
}
