package io.windlass.spool.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * Writes one batch's data file in the {@linkplain BinaryBatchFormat binary form}: numbers each
 * series and time at its first sample in the file, writes a record per sample into the batch's
 * buffer, checksums every byte on its way to disk ({@link #written}) and ends the file ({@link
 * #finish}). An append that the batch then refuses is taken back with {@link #undo()}, after the
 * buffer was cut back to where the append began. Not thread-safe: its {@link BatchWriter} guards
 * it.
 */
final class BinaryBatchEncoder {
  /** The most bytes a sample record of a double takes: two varints and the 8 bytes. */
  private static final int MAX_DOUBLE_SAMPLE = 10 + 5 + 8;

  /** The most bytes a time record takes. */
  private static final int MAX_TIME = 1 + 10 + 5;

  /** The most times looked up by identity before the map: a request has a few timestamps. */
  private static final int RECENT_TIMES = 16;

  /** The file's series by their table hash, open addressing: no boxing, no identity hashes. */
  private SeriesTable.@Nullable Series[] seriesSlots = new SeriesTable.Series[256];

  private int[] seriesNumbers = new int[256];
  private int seriesCount;

  /** The file's first times, looked up by identity; all of them by value in the map. */
  private final @Nullable Instant[] recentTimes = new Instant[RECENT_TIMES];

  private final int[] recentNumbers = new int[RECENT_TIMES];
  private int lastRecent;
  private final Map<Instant, Integer> times = new HashMap<>();
  private final CRC32C checksum = new CRC32C();

  // What the last append defined, so that undo() can forget it.
  private SeriesTable.@Nullable Series definedSeries;
  private @Nullable Instant definedTime;

  /** Appends a sample of {@code value}; {@code atStart}: nothing was written to the file yet. */
  void append(LineBuffer out, boolean atStart, SeriesTable.Series of, double value, Instant time) {
    int seriesNumber = begin(out, atStart, of, time, MAX_DOUBLE_SAMPLE);
    int timeNumber = timeNumber(out, time);
    out.putVarint(BinaryBatchFormat.FIRST_SAMPLE + 2L * seriesNumber);
    out.putVarint(timeNumber);
    out.putLongLittleEndian(Double.doubleToRawLongBits(value));
  }

  /** Appends a sample whose value is the ASCII text {@code [start, end)} of {@code text}. */
  void append(
      LineBuffer out,
      boolean atStart,
      SeriesTable.Series of,
      byte[] text,
      int start,
      int end,
      Instant time) {
    int length = end - start;
    int seriesNumber = begin(out, atStart, of, time, 10 + 5 + 5 + length);
    int timeNumber = timeNumber(out, time);
    out.putVarint(BinaryBatchFormat.FIRST_SAMPLE + 2L * seriesNumber + 1);
    out.putVarint(timeNumber);
    out.putVarint(length);
    out.putBytes(text, start, length);
  }

  /** Appends a sample whose value is the ASCII text {@code value}. */
  void append(LineBuffer out, boolean atStart, SeriesTable.Series of, String value, Instant time) {
    byte[] text = value.getBytes(StandardCharsets.ISO_8859_1);
    append(out, atStart, of, text, 0, text.length, time);
  }

  /**
   * Makes room, writes the magic at the file's start and the series' definition at its first
   * sample; returns the series' number.
   */
  private int begin(
      LineBuffer out, boolean atStart, SeriesTable.Series of, Instant time, int sampleBytes) {
    definedSeries = null;
    definedTime = null;
    int known = seriesNumber(of);
    byte[] definition = known < 0 ? of.binaryDefinition() : null;
    int room =
        sampleBytes
            + MAX_TIME
            + (atStart ? BinaryBatchFormat.MAGIC.length : 0)
            + (definition == null ? 0 : definition.length);
    out.ensure(room);
    if (atStart) {
      out.putBytes(BinaryBatchFormat.MAGIC);
    }
    if (known >= 0) {
      return known;
    }
    int number = seriesCount;
    putSeries(of, number);
    definedSeries = of;
    out.putBytes(definition);
    return number;
  }

  /** The series' number in the file, or -1. */
  private int seriesNumber(SeriesTable.Series of) {
    SeriesTable.Series[] slots = seriesSlots;
    int mask = slots.length - 1;
    for (int slot = AsciiTable.spread(of.hash) & mask; ; slot = (slot + 1) & mask) {
      SeriesTable.Series at = slots[slot];
      if (at == of) {
        return seriesNumbers[slot];
      }
      if (at == null) {
        return -1;
      }
    }
  }

  private void putSeries(SeriesTable.Series of, int number) {
    if (2 * (seriesCount + 1) > seriesSlots.length) {
      SeriesTable.Series[] old = seriesSlots;
      int[] oldNumbers = seriesNumbers;
      seriesSlots = new SeriesTable.Series[old.length * 2];
      seriesNumbers = new int[old.length * 2];
      for (int i = 0; i < old.length; i++) {
        SeriesTable.Series at = old[i];
        if (at != null) {
          insert(at, oldNumbers[i]);
        }
      }
    }
    insert(of, number);
    seriesCount++;
  }

  private void insert(SeriesTable.Series of, int number) {
    int mask = seriesSlots.length - 1;
    int slot = AsciiTable.spread(of.hash) & mask;
    while (seriesSlots[slot] != null) {
      slot = (slot + 1) & mask;
    }
    seriesSlots[slot] = of;
    seriesNumbers[slot] = number;
  }

  /**
   * Forgets the series defined last. Linear probing allows it: no key was added after it, so none
   * probed past its slot.
   */
  private void removeLastSeries(SeriesTable.Series of) {
    int mask = seriesSlots.length - 1;
    for (int slot = AsciiTable.spread(of.hash) & mask; ; slot = (slot + 1) & mask) {
      if (seriesSlots[slot] == of) {
        seriesSlots[slot] = null;
        seriesCount--;
        return;
      }
    }
  }

  /** The time's number in the file, defining it here if it is new; room is ensured. */
  private int timeNumber(LineBuffer out, Instant time) {
    int count = times.size();
    int recent = Math.min(count, RECENT_TIMES);
    // Samples come in time order per series, or series by series at one time: the time after the
    // last one found, or the same, is the likeliest.
    int next = lastRecent + 1 < recent ? lastRecent + 1 : 0;
    if (next < recent && recentTimes[next] == time) {
      lastRecent = next;
      return recentNumbers[next];
    }
    for (int i = 0; i < recent; i++) {
      if (recentTimes[i] == time) {
        lastRecent = i;
        return recentNumbers[i];
      }
    }
    Integer known = times.get(time);
    if (known != null) {
      return known;
    }
    times.put(time, count);
    if (count < RECENT_TIMES) {
      recentTimes[count] = time;
      recentNumbers[count] = count;
    }
    definedTime = time;
    out.putVarint(BinaryBatchFormat.TIME);
    out.putVarint(BinaryBatchFormat.zigzag(time.getEpochSecond()));
    out.putVarint(time.getNano());
    return count;
  }

  /** Forgets what the last append defined: its bytes were cut from the buffer. */
  void undo() {
    if (definedSeries != null) {
      removeLastSeries(definedSeries);
      definedSeries = null;
    }
    if (definedTime != null) {
      times.remove(definedTime);
      int count = times.size();
      if (count < RECENT_TIMES) {
        recentTimes[count] = null;
      }
      definedTime = null;
    }
  }

  /** Notes the first {@code length} bytes of {@code bytes}, about to be written to the file. */
  void written(byte[] bytes, int length) {
    checksum.update(bytes, 0, length);
  }

  /**
   * Ends the file in {@code out}, the rest of it not yet {@linkplain #written written}: END with
   * the count of its {@code samples} and the checksum.
   */
  void finish(LineBuffer out, int samples) {
    out.ensure(BinaryBatchFormat.MAX_END_BYTES);
    out.putVarint(BinaryBatchFormat.END);
    out.putVarint(samples);
    checksum.update(out.array(), 0, out.length());
    out.putIntBigEndian((int) checksum.getValue());
  }

  /** The SERIES record of a series: its key and its labels, sorted by name. */
  static byte[] definition(String key, String[] names, String[] values) {
    LineBuffer out = new LineBuffer(64);
    out.ensure(1);
    out.putVarint(BinaryBatchFormat.SERIES);
    string(out, key);
    out.ensure(5);
    out.putVarint(names.length);
    for (int i = 0; i < names.length; i++) {
      string(out, names[i]);
      string(out, values[i]);
    }
    return out.toByteArray();
  }

  private static void string(LineBuffer out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.ensure(5 + bytes.length);
    out.putVarint(bytes.length);
    out.putBytes(bytes);
  }
}
