package io.windlass.spool.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
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
 *
 * <p>Memory is bounded whatever the batch holds: the encoder remembers at most {@value
 * #MAX_REMEMBERED_SERIES} series and {@value #MAX_REMEMBERED_TIMES} times, then forgets them all
 * and defines each again at its next sample, under a new number (the form allows a series or time
 * defined twice). A batch that is {@linkplain #forget() done with for now} holds none.
 */
final class BinaryBatchEncoder {
  /** The most series remembered; a batch of more distinct series defines some again. */
  static final int MAX_REMEMBERED_SERIES = 4096;

  /** The most times remembered. */
  static final int MAX_REMEMBERED_TIMES = 1024;

  /** The most bytes a sample record of a double takes: two varints and the 8 bytes. */
  private static final int MAX_DOUBLE_SAMPLE = 10 + 5 + 8;

  /** The most bytes a time record takes. */
  private static final int MAX_TIME = 1 + 10 + 5;

  /** The most times looked up by identity before the map: a request has a few timestamps. */
  private static final int RECENT_TIMES = 16;

  private static final int INITIAL_SLOTS = 256;

  /** The series remembered, by their table hash, open addressing: no boxing, no identity hash. */
  private SeriesTable.@Nullable Series[] seriesSlots = new SeriesTable.Series[INITIAL_SLOTS];

  private int[] seriesNumbers = new int[INITIAL_SLOTS];
  private int seriesRemembered;
  private int nextSeries;

  /** The times remembered, by value; the first few also by identity. */
  private final Map<Instant, Integer> times = new HashMap<>();

  private final @Nullable Instant[] recentTimes = new Instant[RECENT_TIMES];
  private final int[] recentNumbers = new int[RECENT_TIMES];
  private int recentCount;
  private int lastRecent;
  private int nextTime;

  private final CRC32C checksum = new CRC32C();

  // What the last append defined, so that undo() can forget it.
  private SeriesTable.@Nullable Series definedSeries;
  private @Nullable Instant definedTime;

  /** Appends a sample of {@code value}; {@code atStart}: nothing was written to the file yet. */
  void append(LineBuffer out, boolean atStart, SeriesTable.Series of, double value, Instant time) {
    int seriesNumber = begin(out, atStart, of, MAX_DOUBLE_SAMPLE);
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
    int seriesNumber = begin(out, atStart, of, 10 + 5 + 5 + length);
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
   * Makes room, writes the magic at the file's start and the series' definition if it is not
   * remembered; returns the series' number.
   */
  private int begin(LineBuffer out, boolean atStart, SeriesTable.Series of, int sampleBytes) {
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
    if (seriesRemembered >= MAX_REMEMBERED_SERIES) {
      forgetSeries();
    }
    int number = nextSeries++;
    putSeries(of, number);
    definedSeries = of;
    out.putBytes(definition);
    return number;
  }

  /** The series' number in the file, or -1 if it is not remembered. */
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
    if (2 * (seriesRemembered + 1) > seriesSlots.length) {
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
    seriesRemembered++;
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
      SeriesTable.Series at = seriesSlots[slot];
      if (at == of) {
        seriesSlots[slot] = null;
        seriesRemembered--;
        return;
      }
      if (at == null) {
        return;
      }
    }
  }

  private void forgetSeries() {
    seriesSlots = new SeriesTable.Series[INITIAL_SLOTS];
    seriesNumbers = new int[INITIAL_SLOTS];
    seriesRemembered = 0;
  }

  /** The time's number in the file, defining it here if it is not remembered; room is ensured. */
  private int timeNumber(LineBuffer out, Instant time) {
    // Samples come in time order per series, or series by series at one time: the time after the
    // last one found, or the same, is the likeliest.
    int next = lastRecent + 1 < recentCount ? lastRecent + 1 : 0;
    if (next < recentCount && recentTimes[next] == time) {
      lastRecent = next;
      return recentNumbers[next];
    }
    for (int i = 0; i < recentCount; i++) {
      if (recentTimes[i] == time) {
        lastRecent = i;
        return recentNumbers[i];
      }
    }
    Integer known = times.get(time);
    if (known != null) {
      return known;
    }
    if (times.size() >= MAX_REMEMBERED_TIMES) {
      forgetTimes();
    }
    int number = nextTime++;
    times.put(time, number);
    if (recentCount < RECENT_TIMES) {
      recentTimes[recentCount] = time;
      recentNumbers[recentCount] = number;
      recentCount++;
    }
    definedTime = time;
    out.putVarint(BinaryBatchFormat.TIME);
    out.putVarint(BinaryBatchFormat.zigzag(time.getEpochSecond()));
    out.putVarint(time.getNano());
    return number;
  }

  private void forgetTimes() {
    times.clear();
    Arrays.fill(recentTimes, null);
    recentCount = 0;
    lastRecent = 0;
  }

  /** Forgets what the last append defined: its bytes were cut from the buffer. */
  void undo() {
    if (definedSeries != null) {
      removeLastSeries(definedSeries);
      nextSeries--;
      definedSeries = null;
    }
    if (definedTime != null) {
      times.remove(definedTime);
      if (recentCount > 0 && recentTimes[recentCount - 1] == definedTime) {
        recentTimes[--recentCount] = null;
        lastRecent = 0;
      }
      nextTime--;
      definedTime = null;
    }
  }

  /**
   * Forgets every series and time, so that a batch set aside holds no memory for them; a later
   * sample defines its series and time again.
   */
  void forget() {
    forgetSeries();
    forgetTimes();
    definedSeries = null;
    definedTime = null;
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
    forget();
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
