package io.windlass.spool.internal;

import io.windlass.spool.MetricValues;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;

/**
 * Encodes one metric as a line of JSON, byte for byte what the spool's Jackson mapper writes for
 * the equivalent {@link io.windlass.spool.Metric} followed by a newline:
 *
 * <pre>{"key":"k","value":"1","time":"2025-01-02T03:04:05.678Z","labels":{"a":"b"}}</pre>
 *
 * <p>{@code labels} is left out when empty and written sorted by name; {@code time} is written as
 * {@link Instant#toString()} does. Strings are escaped as Jackson escapes them ({@code \"}, {@code
 * \\}, {@code \b \t \n \f \r}, other control characters as <code>&#92;u00XX</code> (upper-case
 * hex), everything else as UTF-8). The encoder allocates nothing for a metric with at most one
 * label, or with labels in a naturally sorted map.
 *
 * <p>Callers validate first: times must fall in years 0000 to 9999 and strings must be well-formed
 * UTF-16; the encoder throws {@link IllegalArgumentException} otherwise.
 */
public final class MetricLineEncoder {
  private static final byte[] HEX =
      "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * Per ASCII character: 0 = as is, -1 = <code>&#92;u00XX</code>, else the character after a
   * backslash.
   */
  private static final int[] ESCAPES = new int[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPES[c] = -1;
    }
    ESCAPES['\b'] = 'b';
    ESCAPES['\t'] = 't';
    ESCAPES['\n'] = 'n';
    ESCAPES['\f'] = 'f';
    ESCAPES['\r'] = 'r';
    ESCAPES['"'] = '"';
    ESCAPES['\\'] = '\\';
  }

  private static final byte[] TIME_FIELD =
      ",\"time\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private static final long SECONDS_PER_DAY = 86_400;
  private static final long MIN_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z
  private static final long MAX_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z

  private MetricLineEncoder() {}

  /** Appends one metric line, newline included. */
  public static void appendMetric(
      LineBuffer out, String key, String value, Instant time, Map<String, String> labels) {
    out.ensure(9);
    out.putAscii("{\"key\":");
    appendString(out, key);
    out.ensure(10);
    out.putAscii(",\"value\":");
    appendString(out, value);
    out.ensure(9);
    out.putAscii(",\"time\":");
    appendInstant(out, time);
    appendLabels(out, labels);
    out.ensure(2);
    out.put('}');
    out.put('\n');
  }

  /**
   * The start of a series' metric lines, up to the value: <code>{"key":"k","value":</code>. With
   * {@link #seriesSuffix} and {@link #appendSample}, a writer encodes a series' key and labels once
   * and each of its samples after that byte for byte as {@link #appendMetric} would.
   */
  public static byte[] seriesPrefix(String key) {
    LineBuffer out = new LineBuffer(key.length() * 6 + 20);
    out.ensure(9);
    out.putAscii("{\"key\":");
    appendString(out, key);
    out.ensure(10);
    out.putAscii(",\"value\":");
    return out.toByteArray();
  }

  /**
   * The end of a series' metric lines, after the time: <code>,"labels":{...}}</code> and the
   * newline, or <code>}</code> and the newline without labels.
   */
  public static byte[] seriesSuffix(Map<String, String> labels) {
    LineBuffer out = new LineBuffer(64);
    appendLabels(out, labels);
    out.ensure(2);
    out.put('}');
    out.put('\n');
    return out.toByteArray();
  }

  /**
   * A time as {@link #appendMetric} writes it, quotes included, ready for {@link #appendSample}.
   */
  public static byte[] time(Instant time) {
    LineBuffer out = new LineBuffer(32);
    appendInstant(out, time);
    return out.toByteArray();
  }

  /**
   * Appends one metric line, newline included, from its series' {@link #seriesPrefix} and {@link
   * #seriesSuffix} and its encoded {@link #time}: the same bytes as {@link #appendMetric}.
   */
  public static void appendSample(
      LineBuffer out, byte[] prefix, String value, byte[] time, byte[] suffix) {
    out.ensure(prefix.length);
    out.putBytes(prefix);
    appendString(out, value);
    out.ensure(TIME_FIELD.length + time.length + suffix.length);
    out.putBytes(TIME_FIELD);
    out.putBytes(time);
    out.putBytes(suffix);
  }

  /**
   * As {@link #appendSample(LineBuffer, byte[], String, byte[], byte[])}, the value being the text
   * {@code [start, end)} of {@code value}: printable ASCII without quotes or backslashes (a decimal
   * number), which JSON writes as it is.
   */
  public static void appendSample(
      LineBuffer out, byte[] prefix, byte[] value, int start, int end, byte[] time, byte[] suffix) {
    int length = end - start;
    out.ensure(prefix.length + length + 10 + time.length + suffix.length);
    out.putBytes(prefix);
    out.put('"');
    out.putBytes(value, start, length);
    out.put('"');
    out.putBytes(TIME_FIELD);
    out.putBytes(time);
    out.putBytes(suffix);
  }

  /**
   * As {@link #appendSample(LineBuffer, byte[], String, byte[], byte[])}, the value being the text
   * of {@code value}, finite, as {@link MetricValues#formatTo} writes it.
   */
  public static void appendSample(
      LineBuffer out, byte[] prefix, double value, byte[] time, byte[] suffix) {
    out.ensure(
        prefix.length + MetricValues.MAX_FORMATTED_LENGTH + 10 + time.length + suffix.length);
    out.putBytes(prefix);
    out.put('"');
    out.setLength(MetricValues.formatTo(value, out.array(), out.length()));
    out.put('"');
    out.putBytes(TIME_FIELD);
    out.putBytes(time);
    out.putBytes(suffix);
  }

  private static void appendLabels(LineBuffer out, Map<String, String> labels) {
    if (labels.isEmpty()) {
      return;
    }
    out.ensure(11);
    out.putAscii(",\"labels\":{");
    if (labels.size() == 1 || isNaturallySorted(labels)) {
      boolean first = true;
      for (Map.Entry<String, String> label : labels.entrySet()) {
        appendLabel(out, label, first);
        first = false;
      }
    } else {
      @SuppressWarnings("unchecked")
      Map.Entry<String, String>[] sorted = labels.entrySet().toArray(new Map.Entry[0]);
      Arrays.sort(sorted, Map.Entry.comparingByKey());
      for (int i = 0; i < sorted.length; i++) {
        appendLabel(out, sorted[i], i == 0);
      }
    }
    out.ensure(1);
    out.put('}');
  }

  private static boolean isNaturallySorted(Map<String, String> labels) {
    return labels instanceof SortedMap && ((SortedMap<String, String>) labels).comparator() == null;
  }

  private static void appendLabel(LineBuffer out, Map.Entry<String, String> label, boolean first) {
    if (!first) {
      out.ensure(1);
      out.put(',');
    }
    appendString(out, label.getKey());
    out.ensure(1);
    out.put(':');
    appendString(out, label.getValue());
  }

  /** Appends a JSON string literal, quotes included. */
  public static void appendString(LineBuffer out, String s) {
    int n = s.length();
    out.ensure(n * 6 + 2);
    byte[] a = out.array();
    int p = out.length();
    a[p++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        int escape = ESCAPES[c];
        if (escape == 0) {
          a[p++] = (byte) c;
        } else if (escape > 0) {
          a[p++] = '\\';
          a[p++] = (byte) escape;
        } else {
          a[p++] = '\\';
          a[p++] = 'u';
          a[p++] = '0';
          a[p++] = '0';
          a[p++] = HEX[c >> 4];
          a[p++] = HEX[c & 0xF];
        }
      } else if (c < 0x800) {
        a[p++] = (byte) (0xC0 | (c >> 6));
        a[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (!Character.isSurrogate(c)) {
        a[p++] = (byte) (0xE0 | (c >> 12));
        a[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        a[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        a[p++] = (byte) (0xF0 | (cp >> 18));
        a[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        a[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        a[p++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        throw new IllegalArgumentException("unpaired surrogate at index " + i);
      }
    }
    a[p++] = '"';
    out.setLength(p);
  }

  /**
   * Appends {@code "<time>"} as {@link Instant#toString()} writes it: {@code yyyy-MM-ddTHH:mm:ssZ},
   * with 3, 6 or 9 fraction digits when the nanoseconds are not zero.
   */
  public static void appendInstant(LineBuffer out, Instant time) {
    long seconds = time.getEpochSecond();
    if (seconds < MIN_SECOND || seconds > MAX_SECOND) {
      throw new IllegalArgumentException("time " + time + " is outside years 0000-9999");
    }
    long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
    int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm), in a 400-year era.
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    int dayOfEra = (int) (z - era * 146_097);
    int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    int mp = (5 * dayOfYear + 2) / 153;
    int day = dayOfYear - (153 * mp + 2) / 5 + 1;
    int month = mp < 10 ? mp + 3 : mp - 9;
    int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));

    out.ensure(32);
    out.put('"');
    out.putDigits(year, 4);
    out.put('-');
    out.putDigits(month, 2);
    out.put('-');
    out.putDigits(day, 2);
    out.put('T');
    out.putDigits(secondOfDay / 3600, 2);
    out.put(':');
    out.putDigits(secondOfDay / 60 % 60, 2);
    out.put(':');
    out.putDigits(secondOfDay % 60, 2);
    int nanos = time.getNano();
    if (nanos != 0) {
      out.put('.');
      if (nanos % 1_000_000 == 0) {
        out.putDigits(nanos / 1_000_000, 3);
      } else if (nanos % 1000 == 0) {
        out.putDigits(nanos / 1000, 6);
      } else {
        out.putDigits(nanos, 9);
      }
    }
    out.put('Z');
    out.put('"');
  }
}
