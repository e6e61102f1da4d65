package io.windlass.spool.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * Parses the RFC 3339 times of spool files: what {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}
 * accepts, any offset and 0 to 9 fraction digits.
 *
 * <p>The form writers use — {@code yyyy-MM-ddTHH:mm:ss}, an optional {@code .} and 1 to 9 digits,
 * then {@code Z} or {@code ±HH:MM}, as {@link Instant#toString()} and Go's {@code RFC3339Nano}
 * write it — is parsed by hand, without allocating. Anything else, and any field out of its range,
 * goes to the general parser, which decides and words the error, so both paths accept exactly the
 * same texts and give the same instants.
 */
public final class Rfc3339 {
  private static final int SECONDS_PER_DAY = 86_400;

  /** The longest time in the common form: nine fraction digits and an offset. */
  private static final int MAX_COMMON_LENGTH = 35;

  private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  private Rfc3339() {}

  /**
   * Parses {@code text}.
   *
   * @throws DateTimeParseException it is not an RFC 3339 time
   */
  public static Instant parse(String text) {
    Instant common = null;
    if (text.length() <= MAX_COMMON_LENGTH) {
      byte[] ascii = new byte[text.length()];
      for (int i = 0; i < ascii.length; i++) {
        char c = text.charAt(i);
        ascii[i] = c < 0x80 ? (byte) c : (byte) '?'; // '?' is in no field of the common form
      }
      common = parseCommon(ascii, 0, ascii.length);
    }
    return common != null ? common : parseGeneral(text);
  }

  /**
   * Parses a time in the common form from {@code length} ASCII bytes of {@code bytes} from {@code
   * offset}.
   *
   * @return the instant, or null if the bytes are not in the common form or a field is out of range
   *     (the text may still be an RFC 3339 time; {@link #parse(String)} decides)
   */
  public static @Nullable Instant parseCommon(byte[] c, int offset, int length) {
    if (length < 20) {
      return null;
    }
    int p = offset;
    int end = offset + length;
    int year = digits(c, p, 4);
    int month = digits(c, p + 5, 2);
    int day = digits(c, p + 8, 2);
    int hour = digits(c, p + 11, 2);
    int minute = digits(c, p + 14, 2);
    int second = digits(c, p + 17, 2);
    if ((year | month | day | hour | minute | second) < 0
        || c[p + 4] != '-'
        || c[p + 7] != '-'
        || c[p + 10] != 'T'
        || c[p + 13] != ':'
        || c[p + 16] != ':'
        || month < 1
        || month > 12
        || day < 1
        || day > daysInMonth(year, month)
        || hour > 23
        || minute > 59
        || second > 59) {
      return null;
    }
    p += 19;
    int nanos = 0;
    if (c[p] == '.') {
      int first = ++p;
      while (p < end && c[p] >= '0' && c[p] <= '9') {
        nanos = nanos * 10 + (c[p++] - '0');
      }
      int fractionDigits = p - first;
      if (fractionDigits < 1 || fractionDigits > 9) {
        return null;
      }
      for (int i = fractionDigits; i < 9; i++) {
        nanos *= 10;
      }
    }
    int offsetSeconds;
    if (p == end - 1 && c[p] == 'Z') {
      offsetSeconds = 0;
    } else if (p == end - 6 && (c[p] == '+' || c[p] == '-') && c[p + 3] == ':') {
      int offsetHours = digits(c, p + 1, 2);
      int offsetMinutes = digits(c, p + 4, 2);
      if (offsetHours < 0 || offsetMinutes < 0 || offsetHours > 17 || offsetMinutes > 59) {
        return null;
      }
      offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (c[p] == '-' ? -1 : 1);
    } else {
      return null;
    }
    long seconds =
        epochDay(year, month, day) * SECONDS_PER_DAY
            + hour * 3600
            + minute * 60
            + second
            - offsetSeconds;
    return Instant.ofEpochSecond(seconds, nanos);
  }

  /** The value of {@code count} decimal digits at {@code at}, or -1 if one is not a digit. */
  private static Instant parseGeneral(String text) {
    return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
  }

  private static int digits(byte[] c, int at, int count) {
    int value = 0;
    for (int i = at; i < at + count; i++) {
      int digit = c[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  private static int daysInMonth(int year, int month) {
    return month == 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
  }

  private static boolean isLeap(int year) {
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  }

  /** Days from 1970-01-01 to a valid proleptic Gregorian date (H. Hinnant's algorithm). */
  private static long epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468;
  }
}
