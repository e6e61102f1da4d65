package io.windlass.spool.ingest.format;

import com.google.common.base.Utf8;
import io.windlass.spool.LabelSet;
import io.windlass.spool.MetricValues;
import io.windlass.spool.ingest.SampleTimeBounds;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * Reads the lines of a pushed body into samples, fast, with the format's reference parser behind it
 * ({@link WireFormat#parse}, which the collector's inputs use): a line is accepted, refused and
 * read exactly as the reference parser reads it on its own, with the same {@code line N: }
 * messages.
 *
 * <p>How: each subclass reads the common shape of a line straight from the body's bytes, and hands
 * every other line (comments, escapes, exponents, anything odd or wrong) to the reference parser.
 * The series part of a line ({@code name{labels}}, {@code measurement,tags}) is parsed by the
 * reference parser the first time it is seen and then found again by its raw bytes in a bounded
 * cache, so a body of repeated series costs no label parsing and allocates little more than each
 * sample's value string and time. Values are kept as written when they are plain decimal numbers
 * (at most {@value #MAX_VALUE_LENGTH} characters); values the reference reads as doubles are
 * written as every spool value is ({@link MetricValues#format(double)}).
 *
 * <p>A parser is reused across requests (its caches are what make it fast) but serves one request
 * at a time: {@link #begin} starts a request. Not thread-safe.
 */
public abstract class PushParser {

  /** The most series a parser remembers; it forgets them all when it has this many. */
  public static final int MAX_CACHED_SERIES = 2048;

  /** The longest value kept as written: the spool's limit on value strings. */
  static final int MAX_VALUE_LENGTH = 30;

  /** The most digits that always fit a long (10^18 - 1 < 2^63), so need no overflow check. */
  private static final int MAX_SAFE_DIGITS = 18;

  private final SharedLabelSets labelSets;
  private Instant now = Instant.EPOCH;
  private SampleTimeBounds timeBounds = SampleTimeBounds.defaults();
  private long earliestMillis;
  private long latestMillis;
  private long lastMillis = Long.MIN_VALUE;
  private Instant lastInstant = Instant.EPOCH;
  private long stringFieldsSkipped;
  private long seriesParsed;
  private final byte[] lastTimestampText = new byte[19];
  private int lastTimestampLength = -1;
  private long lastTimestamp;

  /** A parser sharing label sets with the others made with {@code labelSets}. */
  PushParser(SharedLabelSets labelSets) {
    this.labelSets = labelSets;
  }

  /** Starts a request with no time bounds but the spool's own; for tests. */
  final void begin(Instant now) {
    begin(now, SampleTimeBounds.unbounded());
  }

  /**
   * Starts a request.
   *
   * @param now the time of samples without one, and the agent's clock {@code timeBounds} are
   *     measured from
   * @param timeBounds how far from {@code now} a sample's timestamp may be
   */
  void begin(Instant now, SampleTimeBounds timeBounds) {
    this.now = now;
    this.timeBounds = timeBounds;
    this.earliestMillis = timeBounds.earliestMillis(now);
    this.latestMillis = timeBounds.latestMillis(now);
    this.lastMillis = Long.MIN_VALUE;
    this.stringFieldsSkipped = 0;
    this.seriesParsed = 0;
  }

  /**
   * Reads one line, {@code [start, end)} of {@code bytes} without its newline, and adds its samples
   * to {@code sink}. A line the reference parser refuses adds nothing.
   *
   * @param lineNumber the line's number in the body, from 1, for messages
   * @throws MetricParseException the line is not valid: {@code line N: <reason>}
   * @throws IOException from {@code sink}
   */
  public abstract void parseLine(byte[] bytes, int start, int end, int lineNumber, SampleSink sink)
      throws MetricParseException, IOException;

  /** Influx string fields of this request left out. */
  public final long stringFieldsSkipped() {
    return stringFieldsSkipped;
  }

  /**
   * Series parts of this request read by the reference parser: series this parser had not seen (or
   * had forgotten). Past a parser's first requests, a sign of churning series.
   */
  public final long seriesParsed() {
    return seriesParsed;
  }

  final void parsedSeries() {
    seriesParsed++;
  }

  final void skippedStringFields(long count) {
    stringFieldsSkipped += count;
  }

  /**
   * The digits {@code [start, end)} as a number, or -1 ({@link #digits}): the last line's number if
   * they are its digits (a body lists many samples of one time in a row), else read.
   */
  final long timestamp(byte[] b, int start, int end) {
    int length = end - start;
    if (length == lastTimestampLength
        && Arrays.equals(b, start, end, lastTimestampText, 0, length)) {
      return lastTimestamp;
    }
    long timestamp = digits(b, start, end);
    if (timestamp >= 0 && length <= lastTimestampText.length) {
      System.arraycopy(b, start, lastTimestampText, 0, length);
      lastTimestampLength = length;
      lastTimestamp = timestamp;
    }
    return timestamp;
  }

  /**
   * The time of a sample at {@code millis}: the request's time if 0 (no timestamp). A timestamp is
   * checked against the request's time bounds when it differs from the last one (so a run of
   * samples of one time costs one comparison).
   *
   * @param b the line's bytes {@code [start, end)}, named in the error
   * @throws MetricParseException the timestamp is out of bounds: {@code line N: timestamp ... is
   *     more than 10m ahead of the agent's clock (...): <the line>}
   */
  final Instant time(long millis, byte[] b, int start, int end, int lineNumber)
      throws MetricParseException {
    if (millis == 0) {
      return now;
    }
    if (millis != lastMillis) {
      if (millis > latestMillis || millis < earliestMillis) {
        throw new MetricParseException(
            lineNumber, timeBounds.problem(millis, now) + ": " + excerpt(b, start, end));
      }
      lastInstant = Instant.ofEpochMilli(millis);
      lastMillis = millis;
    }
    return lastInstant;
  }

  /** The most characters of a line an error quotes. */
  static final int MAX_EXCERPT = 120;

  /** The line {@code [start, end)} for an error: decoded leniently, cut, in quotes. */
  static String excerpt(byte[] b, int start, int end) {
    int to = Math.min(end, start + MAX_EXCERPT * 4);
    String text = new String(b, start, to - start, StandardCharsets.UTF_8).strip();
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_EXCERPT) + 4).append('"');
    int n = Math.min(text.length(), MAX_EXCERPT);
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7F) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (n < text.length() || to < end) {
      out.append('…');
    }
    return out.append('"').toString();
  }

  /**
   * Labels as the sink takes them: sorted, naturally ordered, immutable, and the one instance for
   * these labels that the parsers sharing {@link SharedLabelSets} hand.
   */
  final LabelSet labels(Map<String, String> tags) {
    return labelSets.canonical(LabelSet.of(tags));
  }

  /**
   * A metric name as the sink takes it: the one instance of this text that the parsers sharing
   * {@link SharedLabelSets} hand, so the spool knows a series again by references alone.
   */
  final String name(String name) {
    return labelSets.name(name);
  }

  /**
   * The format's reference parser, reading {@code text} (one line or more) on its own, non-finite
   * values kept: what every line the fast path does not read goes to.
   */
  abstract ParseResult referenceParse(String text) throws MetricParseException;

  /** {@code line} read by the reference parser, its error numbered {@code lineNumber}. */
  final ParseResult reference(String line, int lineNumber) throws MetricParseException {
    try {
      return referenceParse(line);
    } catch (MetricParseException e) {
      throw renumbered(e, lineNumber);
    }
  }

  /**
   * The error for the line {@code [start, end)} the fast path refused with {@code fallback}: the
   * reference parser's own when it refuses the line too, so both paths give the same message.
   */
  final MetricParseException lineError(
      byte[] b, int start, int end, int lineNumber, MetricParseException fallback) {
    try {
      referenceParse(utf8(b, start, end));
    } catch (MetricParseException e) {
      return renumbered(e, lineNumber);
    }
    return renumbered(fallback, lineNumber);
  }

  /** The reference parser's error for a one-line text, as the error of line {@code lineNumber}. */
  static MetricParseException renumbered(MetricParseException e, int lineNumber) {
    if (e.lineNumber() == lineNumber) {
      return e;
    }
    String message = e.getMessage();
    String prefix = "line " + e.lineNumber() + ": ";
    String problem =
        message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : "";
    return new MetricParseException(lineNumber, problem);
  }

  /** The bytes as text, invalid UTF-8 replaced: for messages only. */
  static String utf8(byte[] bytes, int start, int end) {
    return new String(bytes, start, end - start, StandardCharsets.UTF_8);
  }

  /**
   * The text of line {@code lineNumber}, which starts at {@code start}, up to {@code end}: refused
   * if it is not UTF-8 or holds a NUL, which no backend stores as sent (they would become U+FFFD,
   * or cut a label value short). Costs a scan of the bytes, and a decoder's check only when a byte
   * is not printable ASCII.
   *
   * @param lineEnd where the line ends, for the message
   * @throws MetricParseException {@code line N: invalid UTF-8 at byte 7 of the line: "..."} or
   *     {@code line N: a NUL character (0x00) at byte 7 of the line: "..."}
   */
  static String checkedText(byte[] b, int start, int end, int lineEnd, int lineNumber)
      throws MetricParseException {
    for (int i = start; i < end; i++) {
      if (b[i] < 0x20) { // a control character, or (negative) not ASCII
        return decodeChecked(b, start, end, lineEnd, lineNumber);
      }
    }
    return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
  }

  private static String decodeChecked(byte[] b, int start, int end, int lineEnd, int lineNumber)
      throws MetricParseException {
    for (int i = start; i < end; i++) {
      if (b[i] == 0) {
        throw new MetricParseException(
            lineNumber,
            "a NUL character (0x00) at byte "
                + (i - start + 1)
                + " of the line: "
                + excerpt(b, start, lineEnd));
      }
    }
    if (Utf8.isWellFormed(b, start, end - start)) {
      return new String(b, start, end - start, StandardCharsets.UTF_8);
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(b, start, end - start);
    decoder.decode(in, CharBuffer.allocate(end - start), true);
    int at = in.position();
    throw new MetricParseException(
        lineNumber,
        "invalid UTF-8 at byte "
            + (at - start + 1)
            + " of the line (0x"
            + String.format("%02X", b[Math.min(at, end - 1)] & 0xFF)
            + "): "
            + excerpt(b, start, lineEnd));
  }

  /** ASCII bytes as a string (one copy, no decoding). */
  static String ascii(byte[] bytes, int start, int end) {
    return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
  }

  static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  /**
   * The non-negative integer of the digits {@code [start, end)}, or -1 if there are none, anything
   * else is there, or it does not fit a long.
   */
  static long digits(byte[] b, int start, int end) {
    if (start == end) {
      return -1;
    }
    // The first 18 digits cannot overflow; each digit after them is checked.
    int safeEnd = Math.min(end, start + MAX_SAFE_DIGITS);
    long value = 0;
    for (int i = start; i < safeEnd; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    for (int i = safeEnd; i < end; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9 || value > (Long.MAX_VALUE - d) / 10) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }
}
