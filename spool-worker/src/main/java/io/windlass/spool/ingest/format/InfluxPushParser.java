package io.windlass.spool.ingest.format;

import io.windlass.spool.LabelSet;
import io.windlass.spool.MetricValues;
import io.windlass.spool.ingest.SampleTimeBounds;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the Influx line protocol of {@code POST /write}, one line at a time, as {@link
 * InfluxLineParser} reads it: {@code measurement[,tag=value...] field=value[,field=value...]
 * [timestamp]}, each numeric field a sample named {@code measurement_field} with the line's tags;
 * integers ({@code 2i}), unsigned integers ({@code 2u}) and booleans (1 and 0) as numbers; string
 * fields skipped and counted. The timestamp is in the request's {@link Precision} (nanoseconds
 * unless the {@code precision} parameter says otherwise), truncated to milliseconds; none (or 0)
 * means the request's time.
 *
 * <p>The fast path takes lines without backslashes after the series part; the series part
 * (measurement and tags, escapes and all) is parsed by the reference parser once and then found by
 * its bytes, with its field names.
 */
final class InfluxPushParser extends PushParser {

  /** The most field names remembered per series. */
  private static final int MAX_CACHED_FIELDS = 64;

  /** A series read before: its measurement, tags, and the sample series of its fields. */
  private final class Series {
    final String measurement;
    final LabelSet labels;
    private byte[][] fieldKeys = new byte[4][];
    private PushSeries[] fieldSeries = new PushSeries[4];
    private int fields;

    Series(String measurement, LabelSet labels) {
      this.measurement = measurement;
      this.labels = labels;
    }

    /** The sample series of the field whose key is {@code [start, end)} of {@code b}. */
    PushSeries field(byte[] b, int start, int end) {
      for (int i = 0; i < fields; i++) {
        byte[] key = fieldKeys[i];
        if (Arrays.equals(key, 0, key.length, b, start, end)) {
          return fieldSeries[i];
        }
      }
      PushSeries field =
          new PushSeries(
              name(InfluxLineParser.sampleName(measurement + "_" + utf8(b, start, end))), labels);
      if (fields < MAX_CACHED_FIELDS) {
        if (fields == fieldKeys.length) {
          fieldKeys = Arrays.copyOf(fieldKeys, fields * 2);
          fieldSeries = Arrays.copyOf(fieldSeries, fields * 2);
        }
        fieldKeys[fields] = Arrays.copyOfRange(b, start, end);
        fieldSeries[fields] = field;
        fields++;
      }
      return field;
    }
  }

  private final ByteKeyCache<Series> series = new ByteKeyCache<>(MAX_CACHED_SERIES);

  /** A parser of its own label sets; for tests. */
  InfluxPushParser() {
    this(new SharedLabelSets());
  }

  /** A parser sharing label sets with the others made with {@code labelSets}. */
  InfluxPushParser(SharedLabelSets labelSets) {
    super(labelSets);
  }

  private Precision precision = Precision.NANOSECONDS;

  // The numeric fields of the line being read: key ranges and values.
  private int[] keyStarts = new int[8];
  private int[] keyEnds = new int[8];
  private String[] values = new String[8];
  // What fastLine read of the line besides its series: how many of the above, and its time.
  private int lineFields;
  private Instant lineTime = Instant.EPOCH;

  /** Starts a request whose timestamps are in {@code precision}, unbounded; for tests. */
  void begin(Instant now, Precision precision) {
    begin(now, SampleTimeBounds.unbounded(), precision);
  }

  /** Starts a request whose timestamps are in {@code precision}. */
  void begin(Instant now, SampleTimeBounds timeBounds, Precision precision) {
    begin(now, timeBounds);
    this.precision = precision;
  }

  @Override
  public void parseLine(byte[] b, int start, int end, int lineNumber, SampleSink sink)
      throws MetricParseException, IOException {
    int to = end;
    while (to > start && isAsciiWhitespace(b[to - 1])) {
      to--;
    }
    if (to == start || b[start] == '#') {
      return;
    }
    Series known = isAsciiWhitespace(b[start]) ? null : fastLine(b, start, to, lineNumber);
    if (known == null) {
      referenceLine(b, start, end, lineNumber, sink);
      return;
    }
    Instant time = lineTime;
    for (int f = 0; f < lineFields; f++) {
      sink.add(known.field(b, keyStarts[f], keyEnds[f]), values[f], time);
      values[f] = null;
    }
  }

  /**
   * Reads the line if it has the common shape: its series, with its number fields in {@link
   * #keyStarts}, {@link #keyEnds} and {@link #values} (the first {@link #lineFields}) and its time
   * in {@link #lineTime}; null if not.
   *
   * <p>It only reads: the caller adds the samples, so that the JIT compiles the parsing apart from
   * the spool's writing (see {@link PrometheusPushParser}).
   */
  private @Nullable Series fastLine(byte[] b, int start, int to, int lineNumber)
      throws MetricParseException {
    int seriesEnd = seriesEnd(b, start, to);
    if (seriesEnd < 0) {
      return null;
    }
    int i = skipSpaces(b, seriesEnd, to);
    int count = 0;
    long strings = 0;
    while (true) {
      int keyStart = i;
      while (i < to && b[i] != '=') {
        byte c = b[i];
        if (c == '\\' || c == ',' || c == ' ' || c == '"' || c < 0x20) {
          return null; // (c < 0x20 also holds for bytes past ASCII: the reference checks them)
        }
        i++;
      }
      if (i >= to || i == keyStart) {
        return null;
      }
      int keyEnd = i++;
      if (i < to && b[i] == '"') {
        i = afterString(b, i + 1, to);
        if (i < 0 || i < to && b[i] != ',' && b[i] != ' ') {
          return null;
        }
        strings++;
      } else {
        int valueStart = i;
        while (i < to && b[i] != ',' && b[i] != ' ') {
          i++;
        }
        String value = value(b, valueStart, i);
        if (value == null) {
          return null;
        }
        if (count == values.length) {
          keyStarts = Arrays.copyOf(keyStarts, count * 2);
          keyEnds = Arrays.copyOf(keyEnds, count * 2);
          values = Arrays.copyOf(values, count * 2);
        }
        keyStarts[count] = keyStart;
        keyEnds[count] = keyEnd;
        values[count] = value;
        count++;
      }
      if (i >= to || b[i] == ' ') {
        break;
      }
      i++; // ','
    }
    i = skipSpaces(b, i, to);
    long timestamp = 0;
    if (i < to) {
      int timestampStart = i;
      while (i < to && b[i] != ' ') {
        i++;
      }
      timestamp = timestamp(b, timestampStart, i);
      if (timestamp < 0 || i - timestampStart > 19 || skipSpaces(b, i, to) != to) {
        return null;
      }
    }
    Series known = series.get(b, start, seriesEnd);
    if (known == null) {
      known = newSeries(b, start, seriesEnd, to, lineNumber);
      if (known == null) {
        return null;
      }
    }
    // After the series, as the reference path: a bad series part is the error to name.
    long millis = millis(timestamp, b, start, to, lineNumber);
    lineTime = time(millis, b, start, to, lineNumber);
    skippedStringFields(strings);
    lineFields = count;
    return known;
  }

  /**
   * The end of the series part (measurement and tags) that starts at {@code start}: its first
   * unescaped space, which must be followed by more; -1 if the line has no such space or holds a
   * control character before it.
   */
  private static int seriesEnd(byte[] b, int start, int to) {
    int i = start;
    while (i < to) {
      byte c = b[i];
      if (c == '\\') {
        if (i + 1 < to && (b[i + 1] == ' ' || b[i + 1] == ',' || b[i + 1] == '=')) {
          i += 2;
        } else {
          i++;
        }
      } else if (c == ' ') {
        return i + 1 < to ? i : -1;
      } else if (c < 0x20 && c >= 0) {
        return -1;
      } else {
        i++;
      }
    }
    return -1;
  }

  /**
   * After the string value whose body starts at {@code from}: past its closing quote; -1 if there
   * is none, or the string holds a control character or a byte past ASCII (left to the reference,
   * which checks that the line is UTF-8 without NUL).
   */
  private static int afterString(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      byte c = b[i++];
      if (c == '"') {
        return i;
      }
      if (c < 0x20) {
        return -1;
      }
      if (c == '\\' && i < to) {
        i++;
      }
    }
    return -1;
  }

  /**
   * A field value of the fast path as the spool stores it: a boolean as 1 or 0, an integer or
   * unsigned integer without its suffix, a plain decimal as written; null for anything else (left
   * to the reference parser).
   */
  private static @Nullable String value(byte[] b, int start, int end) {
    int length = end - start;
    if (length == 0) {
      return null;
    }
    byte last = b[end - 1];
    if (last == 'i' || last == 'u') {
      int digitsStart = last == 'i' && b[start] == '-' ? start + 1 : start;
      int digitsEnd = end - 1;
      if (digitsEnd - digitsStart < 1 || digitsEnd - digitsStart > 18) {
        return null;
      }
      for (int i = digitsStart; i < digitsEnd; i++) {
        if (!isDigit(b[i])) {
          return null;
        }
      }
      return ascii(b, start, end - 1);
    }
    if (length <= MAX_VALUE_LENGTH && MetricValues.isPlainDecimal(b, start, end)) {
      return ascii(b, start, end);
    }
    return switch (length) {
      case 1 -> last == 't' || last == 'T' ? "1" : last == 'f' || last == 'F' ? "0" : null;
      case 4 -> isWord(b, start, "true", "True", "TRUE") ? "1" : null;
      case 5 -> isWord(b, start, "false", "False", "FALSE") ? "0" : null;
      default -> null;
    };
  }

  private static boolean isWord(byte[] b, int start, String... words) {
    for (String word : words) {
      boolean same = true;
      for (int i = 0; i < word.length() && same; i++) {
        same = b[start + i] == word.charAt(i);
      }
      if (same) {
        return true;
      }
    }
    return false;
  }

  /** A timestamp of line {@code lineNumber} in the request's precision, as epoch milliseconds. */
  private long millis(long timestamp, byte[] b, int start, int to, int lineNumber)
      throws MetricParseException {
    try {
      return precision.toMillis(timestamp);
    } catch (ArithmeticException e) {
      String line = utf8(b, start, to);
      throw new MetricParseException(
          lineNumber,
          "timestamp "
              + line.substring(line.lastIndexOf(' ') + 1)
              + " is out of range for precision "
              + precision.name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  /**
   * Parses a series part with the reference parser and remembers it; null if the line is to be read
   * by the reference parser whole.
   */
  private @Nullable Series newSeries(byte[] b, int start, int seriesEnd, int to, int lineNumber)
      throws MetricParseException {
    String text = checkedText(b, start, seriesEnd, to, lineNumber);
    ParseResult parsed;
    try {
      parsed = InfluxLineParser.parse(text + " f=0");
    } catch (MetricParseException e) {
      throw lineError(b, start, to, lineNumber, e);
    }
    if (parsed.metrics().size() != 1) {
      return null; // Not a plain series after all (a comment once trimmed): the reference reads it.
    }
    Sample metric = parsed.metrics().get(0);
    String name = metric.name();
    Series known = new Series(name.substring(0, name.length() - 2), labels(metric.tags()));
    series.put(b, start, seriesEnd, known);
    parsedSeries();
    return known;
  }

  @Override
  ParseResult referenceParse(String text) throws MetricParseException {
    return InfluxLineParser.parse(text);
  }

  /** Reads the line with the reference parser: escapes, string edge cases, errors. */
  private void referenceLine(byte[] b, int start, int end, int lineNumber, SampleSink sink)
      throws MetricParseException, IOException {
    String line = checkedText(b, start, end, end, lineNumber);
    ParseResult parsed = reference(line, lineNumber);
    skippedStringFields(parsed.stringFieldsSkipped());
    List<Sample> metrics = parsed.metrics();
    if (metrics.isEmpty() && parsed.stringFieldsSkipped() == 0) {
      return; // a blank or comment line
    }
    // A line of string fields alone has its timestamp checked too, as on the fast path.
    long millis = referenceMillis(line, metrics, lineNumber);
    Instant time = time(millis, b, start, end, lineNumber);
    if (metrics.isEmpty()) {
      return;
    }
    for (Sample metric : metrics) {
      String value = MetricValues.text(metric.value());
      sink.add(metric.name(), value, time, labels(metric.tags()));
    }
  }

  /**
   * The timestamp of a line the reference parser accepted, in the request's precision. The
   * reference reads timestamps as nanoseconds; for another precision the timestamp is the line's
   * last token, if that is all digits (a valid line's fields never end in a token of digits alone).
   */
  private long referenceMillis(String line, List<Sample> metrics, int lineNumber)
      throws MetricParseException {
    if (precision == Precision.NANOSECONDS && !metrics.isEmpty()) {
      return metrics.get(0).timestamp();
    }
    String stripped = line.strip();
    int space = stripped.lastIndexOf(' ');
    if (space <= 0 || stripped.charAt(space - 1) == '\\') {
      return 0;
    }
    String token = stripped.substring(space + 1);
    if (!token.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return 0;
    }
    byte[] digits = token.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    return millis(digits(digits, 0, digits.length), digits, 0, digits.length, lineNumber);
  }

  private static int skipSpaces(byte[] b, int from, int to) {
    int i = from;
    while (i < to && b[i] == ' ') {
      i++;
    }
    return i;
  }

  /** Whether {@code c} is whitespace to {@link String#strip()}: what the reference trims. */
  private static boolean isAsciiWhitespace(byte c) {
    return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
  }

  /** How many series it remembers; for tests. */
  int cachedSeries() {
    return series.size();
  }

  @Override
  public String toString() {
    return "InfluxPushParser[" + cachedSeries() + " series]";
  }
}
