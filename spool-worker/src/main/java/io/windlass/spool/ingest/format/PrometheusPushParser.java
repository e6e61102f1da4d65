package io.windlass.spool.ingest.format;

import io.windlass.spool.MetricValues;
import io.windlass.spool.ingest.SampleTimeBounds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the Prometheus text exposition format (0.0.4) or OpenMetrics text of {@code POST
 * /api/v1/import/prometheus}, one line at a time, as {@link PrometheusTextParser} reads it: one
 * sample per line, {@code name{label="value",...} value [timestamp] [# exemplar]}, integer
 * timestamps in epoch milliseconds (seconds for OpenMetrics text; none, or 0: the request's time),
 * {@code # HELP}/{@code # TYPE} lines checked and, with {@code # UNIT}, handed to the sink as
 * family descriptions ({@link SampleSink#describe}), nothing after {@code # EOF}, NaN and infinite
 * samples kept as {@code NaN}, {@code +Inf} and {@code -Inf} (for the spool to take or refuse, by
 * its declarations).
 *
 * <p>The fast path takes {@code name[{...}] <plain decimal> [<digits>]} separated by spaces or
 * tabs; the series part is parsed by the reference parser once and then found by its bytes. Every
 * other line (comments, exemplars, quoted names, special values, fractional timestamps) is read by
 * the reference parser.
 */
final class PrometheusPushParser extends PushParser {

  /** A series read before: its text, name and labels, and the series that followed it last. */
  private static final class Series {
    final byte[] text;
    final PushSeries sample;
    final int generation;
    @Nullable Series next;

    Series(byte[] text, PushSeries sample, int generation) {
      this.text = text;
      this.sample = sample;
      this.generation = generation;
    }
  }

  private static final byte[] EOF = PrometheusTextParser.EOF.getBytes(StandardCharsets.US_ASCII);

  private final ByteKeyCache<Series> series = new ByteKeyCache<>(MAX_CACHED_SERIES);

  // Bodies of one pusher list their series in the same order request after request, so the line
  // after one of series s is most often of the series that followed s last time: a line is first
  // compared with that guess, which spares scanning its labels, hashing and looking them up.
  private int generation; // how many times the cache started over; older series are not guessed
  private @Nullable Series first; // the series of the first sample line of the last request
  private @Nullable Series previous; // the series of the last sample line of this request
  private long guessedRight;

  // What fastLine read of the line besides its series.
  private int lineValueStart;
  private int lineValueEnd;
  private Instant lineTime = Instant.EPOCH;

  private boolean openMetrics; // integer timestamps are seconds
  private boolean ended; // past "# EOF"

  /** A parser of its own label sets; for tests. */
  PrometheusPushParser() {
    this(new SharedLabelSets());
  }

  /** A parser sharing label sets with the others made with {@code labelSets}. */
  PrometheusPushParser(SharedLabelSets labelSets) {
    super(labelSets);
  }

  @Override
  void begin(Instant now, SampleTimeBounds timeBounds) {
    super.begin(now, timeBounds);
    previous = null;
    ended = false;
    openMetrics = false;
  }

  /** Starts a request of Prometheus text, or of OpenMetrics text if {@code openMetrics}. */
  void begin(Instant now, SampleTimeBounds timeBounds, boolean openMetrics) {
    begin(now, timeBounds);
    this.openMetrics = openMetrics;
  }

  /** Starts a request with no time bounds but the spool's own; for tests. */
  void begin(Instant now, boolean openMetrics) {
    begin(now, SampleTimeBounds.unbounded(), openMetrics);
  }

  @Override
  public void parseLine(byte[] b, int start, int end, int lineNumber, SampleSink sink)
      throws MetricParseException, IOException {
    int to = end;
    if (to > start && b[to - 1] == '\r') {
      to--;
    }
    if (to == start) {
      return;
    }
    if (ended || b[start] == '#' || isBlank(b[start])) {
      int from = skipBlanks(b, start, to);
      int until = to;
      while (until > from && isBlank(b[until - 1])) {
        until--;
      }
      if (from == until) {
        return;
      }
      if (ended) {
        throw new MetricParseException(lineNumber, PrometheusTextParser.AFTER_EOF);
      }
      if (until - from == EOF.length && Arrays.equals(b, from, until, EOF, 0, EOF.length)) {
        ended = true;
        return;
      }
    }
    Series known = fastLine(b, start, to, lineNumber);
    if (known != null) {
      sink.add(known.sample, b, lineValueStart, lineValueEnd, lineTime);
    } else {
      referenceLine(b, start, end, lineNumber, sink);
    }
  }

  /**
   * Reads the line if it has the common shape: its series, with its value's bounds and its time
   * left in {@link #lineValueStart}, {@link #lineValueEnd} and {@link #lineTime}; null if not.
   *
   * <p>It only reads: the caller adds the sample. So the JIT compiles the parsing apart from the
   * spool's writing, and when a branch it had never seen taken is taken (the first new series after
   * many known ones), only the parsing is compiled again, not all of the writing with it.
   */
  private @Nullable Series fastLine(byte[] b, int start, int to, int lineNumber)
      throws MetricParseException {
    Series known = guess(b, start, to);
    int seriesEnd;
    if (known != null) {
      seriesEnd = start + known.text.length;
    } else {
      if (!isNameStart(b[start])) {
        return null;
      }
      int i = start + 1;
      while (i < to && isNamePart(b[i])) {
        i++;
      }
      if (i < to && b[i] == '{') {
        int close = closingBrace(b, i + 1, to);
        if (close < 0) {
          return null;
        }
        seriesEnd = close + 1;
      } else {
        seriesEnd = i;
      }
      if (seriesEnd >= to || !isBlank(b[seriesEnd])) {
        return null;
      }
    }
    int i = skipBlanks(b, seriesEnd, to);
    int valueStart = i;
    while (i < to && !isBlank(b[i])) {
      i++;
    }
    int valueEnd = i;
    if (valueEnd - valueStart > MAX_VALUE_LENGTH
        || !MetricValues.isPlainDecimal(b, valueStart, valueEnd)) {
      return null;
    }
    i = skipBlanks(b, i, to);
    long timestamp = 0;
    if (i < to) {
      int timestampStart = i;
      while (i < to && !isBlank(b[i])) {
        i++;
      }
      if (i - timestampStart > 18) {
        return null;
      }
      timestamp = timestamp(b, timestampStart, i);
      if (timestamp < 0 || skipBlanks(b, i, to) != to) {
        return null;
      }
      if (openMetrics) {
        if (timestamp > Long.MAX_VALUE / 1000) {
          return null;
        }
        timestamp *= 1000;
      }
    }
    if (known == null) {
      known = series.get(b, start, seriesEnd);
      if (known == null) {
        known = newSeries(b, start, seriesEnd, to, lineNumber);
        if (known == null) {
          return null;
        }
      }
      if (previous == null) {
        first = known;
      } else {
        previous.next = known;
      }
    }
    lineTime = time(timestamp, b, start, to, lineNumber);
    lineValueStart = valueStart;
    lineValueEnd = valueEnd;
    previous = known;
    return known;
  }

  /**
   * The series that followed the last line's last time (or began the last request), if the line
   * from {@code start} begins with its text followed by a blank: the series part the full scan
   * would find, as that text was a whole series part when it was read.
   */
  private @Nullable Series guess(byte[] b, int start, int to) {
    Series guess = previous == null ? first : previous.next;
    if (guess == null || guess.generation != generation) {
      return null;
    }
    byte[] text = guess.text;
    int seriesEnd = start + text.length;
    if (seriesEnd >= to
        || !isBlank(b[seriesEnd])
        || !Arrays.equals(b, start, seriesEnd, text, 0, text.length)) {
      return null;
    }
    guessedRight++;
    return guess;
  }

  /**
   * Parses a series part with the reference parser and remembers it; null if the line is to be read
   * by the reference parser whole.
   */
  private @Nullable Series newSeries(byte[] b, int start, int seriesEnd, int to, int lineNumber)
      throws MetricParseException {
    PushSeries read = plainSeries(b, start, seriesEnd);
    if (read == null) {
      read = referenceSeries(b, start, seriesEnd, to, lineNumber);
      if (read == null) {
        return null;
      }
    }
    if (series.isFull(seriesEnd - start)) {
      series.clear();
      generation++;
      first = null;
    }
    Series known = new Series(Arrays.copyOfRange(b, start, seriesEnd), read, generation);
    series.put(b, start, seriesEnd, known);
    parsedSeries();
    return known;
  }

  /**
   * The series part {@code [start, end)} (a name, then an optional label set, as {@code fastLine}
   * found them) read straight from its bytes when it has the plain shape: label names, each once,
   * with quoted values of printable ASCII without escapes, nothing blank. What the reference parser
   * makes of such a part, without its cost (a string of the line, a parse of every character),
   * which every new series pays; null for any other shape, which the reference parser reads.
   */
  private @Nullable PushSeries plainSeries(byte[] b, int start, int end) {
    int i = start + 1; // fastLine checked the name's first byte
    while (i < end && isNamePart(b[i])) {
      i++;
    }
    String name = new String(b, start, i - start, StandardCharsets.ISO_8859_1);
    if (i == end) {
      return new PushSeries(name(name), labels(Map.of()));
    }
    int close = end - 1; // fastLine found the set's closing brace there
    if (b[i] != '{' || b[close] != '}') {
      return null;
    }
    i++;
    Map<String, String> labels = new LinkedHashMap<>();
    while (i < close) {
      int labelStart = i;
      if (!isLabelStart(b[i])) {
        return null;
      }
      i++;
      while (i < close && isLabelPart(b[i])) {
        i++;
      }
      if (i + 1 >= close || b[i] != '=' || b[i + 1] != '"') {
        return null;
      }
      String label = new String(b, labelStart, i - labelStart, StandardCharsets.ISO_8859_1);
      i += 2;
      int valueStart = i;
      while (i < close && b[i] != '"') {
        if (b[i] < 0x20 || b[i] > 0x7E || b[i] == '\\') {
          return null;
        }
        i++;
      }
      if (i == close) {
        return null;
      }
      String value = new String(b, valueStart, i - valueStart, StandardCharsets.ISO_8859_1);
      if (labels.put(label, value) != null) {
        return null; // the reference parser names the duplicate
      }
      i++;
      if (i < close) {
        if (b[i] != ',') {
          return null;
        }
        i++;
      }
    }
    return new PushSeries(name(name), labels(labels));
  }

  /**
   * The series part {@code [start, end)} read by the reference parser; null if it is not a plain
   * series after all (a comment once trimmed), so that the reference parser reads the whole line.
   */
  private @Nullable PushSeries referenceSeries(byte[] b, int start, int end, int to, int lineNumber)
      throws MetricParseException {
    String text = checkedText(b, start, end, to, lineNumber);
    ParseResult parsed;
    try {
      parsed = PrometheusTextParser.parse(text + " 0");
    } catch (MetricParseException e) {
      // The line's own text gives the reference's own message for it.
      throw lineError(b, start, to, lineNumber, e);
    }
    if (parsed.metrics().size() != 1) {
      return null;
    }
    Sample metric = parsed.metrics().get(0);
    return new PushSeries(name(metric.name()), labels(metric.tags()));
  }

  @Override
  ParseResult referenceParse(String text) throws MetricParseException {
    return PrometheusTextParser.parse(text, true);
  }

  /** Reads the line with the reference parser: comments, escapes, special values, errors. */
  private void referenceLine(byte[] b, int start, int end, int lineNumber, SampleSink sink)
      throws MetricParseException, IOException {
    String line = checkedText(b, start, end, end, lineNumber);
    ParseResult parsed;
    try {
      parsed = PrometheusTextParser.parse(line, true, openMetrics);
    } catch (MetricParseException e) {
      throw renumbered(e, lineNumber);
    }
    parsed.families().forEach(sink::describe);
    for (Sample metric : parsed.metrics()) {
      String value = MetricValues.text(metric.value());
      sink.add(
          metric.name(),
          value,
          time(metric.timestamp(), b, start, end, lineNumber),
          labels(metric.tags()));
    }
  }

  /**
   * The index of the {@code '}'} closing a label set whose body starts at {@code from}: the first
   * one outside double quotes, a backslash in quotes escaping the next byte; -1 if there is none.
   */
  private static int closingBrace(byte[] b, int from, int to) {
    boolean quoted = false;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '}') {
        return i;
      }
    }
    return -1;
  }

  private static int skipBlanks(byte[] b, int from, int to) {
    int i = from;
    while (i < to && isBlank(b[i])) {
      i++;
    }
    return i;
  }

  private static boolean isBlank(byte c) {
    return c == ' ' || c == '\t';
  }

  private static boolean isNameStart(byte c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':';
  }

  private static boolean isNamePart(byte c) {
    return isNameStart(c) || isDigit(c) || c == '.';
  }

  private static boolean isLabelStart(byte c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
  }

  private static boolean isLabelPart(byte c) {
    return isLabelStart(c) || isDigit(c);
  }

  /** How many lines were of the series guessed for them; for tests. */
  long guessedRight() {
    return guessedRight;
  }

  /** How many series it remembers; for tests. */
  int cachedSeries() {
    return series.size();
  }

  @Override
  public String toString() {
    return "PrometheusPushParser[" + cachedSeries() + " series]";
  }
}
