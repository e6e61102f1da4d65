package io.windlass.spool.internal;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.google.common.collect.ImmutableSortedMap;
import io.windlass.spool.Metric;
import io.windlass.spool.internal.DecodeCache.KeyText;
import io.windlass.spool.internal.DecodeCache.LabelObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Reads a data file in the plain form the spool's recorders write, without a JSON parser: every
 * line exactly
 *
 * <pre>{"key":"…","value":"…","time":"…"}
 * {"key":"…","value":"…","time":"…","labels":{"…":"…","…":"…"}}</pre>
 *
 * with every string printable ASCII without escapes, and every time in {@linkplain
 * Rfc3339#parseCommon the common form}. That is what {@link MetricLineEncoder} writes for keys,
 * values and labels without control characters, quotes, backslashes or non-ASCII characters.
 *
 * <p>A file in any other form — escapes, non-ASCII text, other spacing or field order, unknown
 * fields, a time in another form, a metric {@link Metric} refuses — is not plain: {@link #read}
 * returns null and the caller decodes it with a JSON parser, which reads everything JSON allows and
 * words the errors. A plain file is valid JSON, and this reads from it what the parser would.
 */
final class PlainMetricLines {
  private static final byte[] KEY = ascii("{\"key\":\"");
  private static final byte[] VALUE = ascii(",\"value\":\"");
  private static final byte[] TIME = ascii(",\"time\":\"");
  private static final byte[] LABELS = ascii(",\"labels\":{");
  private static final byte[] NO_LABELS_SUFFIX = ascii("}");

  private final byte[] bytes;
  private final int end;
  private final int maxStringLength;
  private final int maxNameLength;
  private final boolean parserOnly; // the constraints could refuse even a plain file
  private final CanonicalStrings texts;
  private final LabelSets labelSets;
  private final AsciiTable<KeyText> keys;
  private final AsciiTable<LabelObject> labelObjects;
  private final LineSeries lineSeries;
  private int p;
  private int lineNumber; // from 0
  private int stringHash;
  private int objectHash;
  private int lastTimeStart = -1;
  private int lastTimeLength;
  private @Nullable Instant lastTime;

  /**
   * The times read, by the hash of their text: where each text is, and the time it reads as; a time
   * is looked for in {@value #TIME_PROBES} slots from its hash's.
   */
  private static final int TIME_SLOTS = 32;

  private static final int TIME_PROBES = 4;

  private final @Nullable Instant[] slotTimes = new Instant[TIME_SLOTS];
  private final int[] slotTimeStarts = new int[TIME_SLOTS];
  private final int[] slotTimeLengths = new int[TIME_SLOTS];

  /**
   * A reader of the first {@code length} bytes of {@code bytes}, keeping texts and label sets in
   * {@code tables}. What the parser's {@code constraints} would refuse (a string or name too long,
   * or any document if its length or tokens are limited, or names shorter than the fields', or
   * nesting under two levels) is left to the parser.
   */
  PlainMetricLines(
      byte[] bytes, int length, StreamReadConstraints constraints, DecodeCache.Tables tables) {
    this.bytes = bytes;
    this.end = length;
    this.maxStringLength = constraints.getMaxStringLength();
    this.maxNameLength = constraints.getMaxNameLength();
    this.parserOnly =
        constraints.getMaxDocumentLength() >= 0
            || constraints.getMaxTokenCount() >= 0
            || constraints.getMaxNestingDepth() < 2
            || maxNameLength < "labels".length();
    this.texts = tables.strings;
    this.labelSets = tables.labelSets;
    this.keys = tables.keys;
    this.labelObjects = tables.labelObjects;
    this.lineSeries = tables.lineSeries;
  }

  /** The file's metrics in order, or null if the file is not plain. */
  @Nullable MetricColumns read() {
    if (parserOnly) {
      return null;
    }
    MetricColumns metrics = new MetricColumns(Math.max(10, end / 80));
    while (p < end) {
      if (!line(metrics)) {
        return null;
      }
    }
    return metrics;
  }

  /**
   * Adds the metric of the line at {@code p}, moving past its newline; false if it is not plain.
   * The line's start up to its value and its end after its time are first compared with those of
   * the line with this number in the file read before ({@link LineSeries}): text equal to plain
   * text read before is plain, and reads the same.
   */
  private boolean line(MetricColumns metrics) {
    KeyText guessedKey = lineSeries.key(lineNumber);
    KeyText key = null;
    int keyStart = -1;
    int keyEnd = -1;
    int keyHash = 0;
    if (guessedKey != null
        && guessedKey.key().length() <= maxStringLength
        && startsWith(guessedKey.linePrefix())) {
      key = guessedKey;
      p += guessedKey.linePrefix().length;
    } else {
      if (!skip(KEY)) {
        return false;
      }
      keyStart = p;
      keyEnd = hashedStringEnd(maxStringLength);
      keyHash = stringHash;
      if (keyEnd < 0 || !skip(VALUE)) {
        return false;
      }
    }
    int valueStart = p;
    int valueEnd = stringEnd(maxStringLength);
    if (valueEnd < 0 || !skip(TIME)) {
      return false;
    }
    int timeStart = p;
    int timeEnd = sameTimeEnd();
    boolean sameTime = timeEnd >= 0;
    int timeHash = 0;
    if (!sameTime) {
      timeEnd = hashedStringEnd(maxStringLength);
      if (timeEnd < 0) {
        return false;
      }
      timeHash = stringHash;
    }
    LabelObject guessedLabels = lineSeries.labels(lineNumber);
    byte[] guessedSuffix = guessedLabels == null ? NO_LABELS_SUFFIX : guessedLabels.lineSuffix();
    LabelObject labelObject = null;
    if (guessedKey != null && startsWith(guessedSuffix)) {
      labelObject = guessedLabels;
      p += guessedSuffix.length;
    } else {
      if (p < end && bytes[p] == ',') {
        labelObject = labels();
        if (labelObject == null) {
          return false;
        }
      }
      if (p >= end || bytes[p++] != '}') {
        return false;
      }
    }
    if (p < end && bytes[p++] != '\n') {
      return false;
    }
    Instant time = sameTime ? lastTime : time(timeStart, timeEnd - timeStart, timeHash);
    if (time == null) {
      return false;
    }
    if (key == null) {
      if (keyEnd == keyStart) {
        return false; // the parser's path words the error for an empty key
      }
      key = keyText(keyStart, keyEnd, keyHash);
    }
    if (key != guessedKey || labelObject != guessedLabels) {
      lineSeries.remember(lineNumber, key, labelObject);
    } else {
      lineSeries.guessedRight();
    }
    lineNumber++;
    metrics.add(
        key.key(),
        labelObject == null ? MetricColumns.noLabels() : labelObject.labels(),
        time,
        bytes,
        valueStart,
        valueEnd);
    return true;
  }

  /** The key whose text is {@code [start, end)}, with its lines' start. */
  private KeyText keyText(int start, int end, int hash) {
    KeyText known = keys.get(bytes, start, end - start, hash);
    if (known == null) {
      byte[] text = Arrays.copyOfRange(bytes, start, end);
      byte[] linePrefix = new byte[KEY.length + text.length + 1 + VALUE.length];
      System.arraycopy(KEY, 0, linePrefix, 0, KEY.length);
      System.arraycopy(text, 0, linePrefix, KEY.length, text.length);
      linePrefix[KEY.length + text.length] = '"';
      System.arraycopy(VALUE, 0, linePrefix, KEY.length + text.length + 1, VALUE.length);
      known = new KeyText(new String(text, StandardCharsets.ISO_8859_1), linePrefix);
      keys.put(text, hash, known);
    }
    return known;
  }

  /** Whether the bytes at {@code p} are {@code text}. */
  private boolean startsWith(byte[] text) {
    return end - p >= text.length && Arrays.equals(bytes, p, p + text.length, text, 0, text.length);
  }

  /**
   * The labels object after {@code ,"labels":}, or null if it is not plain. The same object text
   * gives the same map at once; another is read pair by pair.
   */
  private @Nullable LabelObject labels() {
    if (!skip(LABELS)) {
      return null;
    }
    int start = p;
    int close = objectEnd();
    if (close < 0) {
      return null;
    }
    LabelObject known = labelObjects.get(bytes, start, close - start, objectHash);
    if (known == null) {
      byte[] text = Arrays.copyOfRange(bytes, start, close);
      known = LabelObject.of(text, readPairs(close));
      labelObjects.put(text, objectHash, known);
    }
    p = close + 1;
    return known;
  }

  /**
   * Where the labels object from {@code p} (after its opening brace) closes, or -1 if it is not
   * {@code "name":"value"} pairs of plain strings separated by commas. Leaves its text's string
   * hash in {@link #objectHash}, and {@code p} where it was.
   */
  private int objectEnd() {
    int from = p;
    int close = p < end && bytes[p] == '}' ? p : -1;
    while (close < 0) {
      if (p >= end || bytes[p++] != '"' || stringEnd(maxNameLength) < 0) {
        break;
      }
      if (p + 1 >= end
          || bytes[p++] != ':'
          || bytes[p++] != '"'
          || stringEnd(maxStringLength) < 0) {
        break;
      }
      if (p < end && bytes[p] == '}') {
        close = p;
      } else if (p >= end || bytes[p++] != ',') {
        break;
      }
    }
    p = from;
    objectHash = close < 0 ? 0 : AsciiTable.hash(bytes, from, close - from);
    return close;
  }

  /** The map of the pairs from {@code p} to {@code close}, which {@link #objectEnd} checked. */
  private ImmutableSortedMap<String, String> readPairs(int close) {
    labelSets.start();
    while (p < close) {
      p++; // the opening quote
      int nameStart = p;
      int nameEnd = hashedStringEnd(maxNameLength);
      String name = texts.get(bytes, nameStart, nameEnd - nameStart, stringHash);
      p += 2; // :"
      int valueStart = p;
      int valueEnd = hashedStringEnd(maxStringLength);
      labelSets.add(name, texts.get(bytes, valueStart, valueEnd - valueStart, stringHash));
      p++; // the comma, or the closing brace
    }
    return labelSets.build();
  }

  /**
   * Moves past the rest of a string whose opening quote is behind {@code p}; returns where its text
   * ends, or -1 if it holds anything but printable ASCII without escapes, is longer than {@code
   * max}, or does not end.
   */
  private int stringEnd(int max) {
    int stop = (int) Math.min(end, (long) p + max + 1);
    for (int i = p; i < stop; i++) {
      byte b = bytes[i];
      if (b == '"') {
        p = i + 1;
        return i;
      }
      if (b < 0x20 || b == '\\') { // bytes >= 0x80 are negative
        return -1;
      }
    }
    return -1;
  }

  /** As {@link #stringEnd}, leaving the text's string hash in {@link #stringHash}. */
  private int hashedStringEnd(int max) {
    int stop = (int) Math.min(end, (long) p + max + 1);
    int hash = 0;
    for (int i = p; i < stop; i++) {
      byte b = bytes[i];
      if (b == '"') {
        p = i + 1;
        stringHash = hash;
        return i;
      }
      if (b < 0x20 || b == '\\') {
        return -1;
      }
      hash = 31 * hash + b;
    }
    return -1;
  }

  /**
   * If the time string at {@code p} has the previous line's text, moves past it and returns where
   * its text ends (so it is not scanned again); else -1.
   */
  private int sameTimeEnd() {
    int close = p + lastTimeLength;
    if (lastTime == null
        || close >= end
        || bytes[close] != '"'
        || !Arrays.equals(bytes, p, close, bytes, lastTimeStart, lastTimeStart + lastTimeLength)) {
      return -1;
    }
    p = close + 1;
    return close;
  }

  /**
   * The time whose text is {@code [start, start + length)}, its string hash {@code hash}: one of
   * the last few times read if the text is the same (so that times interleaved line by line, as a
   * remote write request's series' are, are parsed once), else parsed. Null if it is not in the
   * common form.
   */
  private @Nullable Instant time(int start, int length, int hash) {
    int home = (hash * 0x9E3779B9) >>> (Integer.SIZE - Integer.numberOfTrailingZeros(TIME_SLOTS));
    int free = -1;
    Instant time = null;
    for (int i = 0; i < TIME_PROBES && time == null; i++) {
      int slot = (home + i) & (TIME_SLOTS - 1);
      int known = slotTimeStarts[slot];
      if (slotTimes[slot] == null) {
        free = free < 0 ? slot : free;
      } else if (slotTimeLengths[slot] == length
          && Arrays.equals(bytes, start, start + length, bytes, known, known + length)) {
        time = slotTimes[slot];
      }
    }
    if (time == null) {
      time = Rfc3339.parseCommon(bytes, start, length);
      if (time == null) {
        return null;
      }
      int slot = free < 0 ? home : free;
      slotTimes[slot] = time;
      slotTimeStarts[slot] = start;
      slotTimeLengths[slot] = length;
    }
    lastTimeStart = start;
    lastTimeLength = length;
    lastTime = time;
    return time;
  }

  /** Moves past {@code literal} if it is at {@code p}. */
  private boolean skip(byte[] literal) {
    if (end - p < literal.length
        || !Arrays.equals(bytes, p, p + literal.length, literal, 0, literal.length)) {
      return false;
    }
    p += literal.length;
    return true;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
