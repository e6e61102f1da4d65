package io.windlass.spool.internal;

import com.google.common.collect.ImmutableSortedMap;
import io.windlass.spool.MetricsDataException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads a data file in the {@linkplain BinaryBatchFormat binary form} into {@link MetricColumns},
 * checking all of it: the checksum first, then every record, number and string, so that a file that
 * is not exactly what a writer of the form wrote is refused with the byte it went wrong at, never
 * read as other metrics. Keys, label values and label sets come from the {@link DecodeCache}'s
 * tables, as for JSON lines, so that metrics of the same series are the same objects file after
 * file. Not thread-safe: one per decode.
 */
final class BinaryBatchDecoder {
  private final String what;
  private final DecodeCache.Tables tables;
  private byte[] bytes = new byte[0];
  private int end;
  private int p;

  BinaryBatchDecoder(String uuid, DecodeCache.Tables tables) {
    this.what = "batch " + uuid + " data (binary)";
    this.tables = tables;
  }

  /** The metrics of the file in the first {@code length} bytes of {@code data}, in order. */
  MetricColumns decode(byte[] data, int length) throws MetricsDataException {
    this.bytes = data;
    int magic = BinaryBatchFormat.MAGIC.length;
    if (!BinaryBatchFormat.isBinary(data, length)) {
      throw new MetricsDataException(what + " does not start as the binary form does");
    }
    if (length < magic + 6) {
      throw new MetricsDataException(what + " is too short to be a batch: " + length + " bytes");
    }
    int checked = length - 4;
    CRC32C checksum = new CRC32C();
    checksum.update(data, 0, checked);
    int stored =
        ((data[checked] & 0xFF) << 24)
            | ((data[checked + 1] & 0xFF) << 16)
            | ((data[checked + 2] & 0xFF) << 8)
            | (data[checked + 3] & 0xFF);
    if ((int) checksum.getValue() != stored) {
      throw new MetricsDataException(
          what + " fails its checksum: the file was cut short, changed or damaged");
    }
    this.end = checked;
    this.p = magic;
    return records();
  }

  private MetricColumns records() throws MetricsDataException {
    MetricColumns metrics = new MetricColumns(Math.max(10, end / 12));
    String[] keys = new String[16];
    @SuppressWarnings("unchecked")
    ImmutableSortedMap<String, String>[] labels = new ImmutableSortedMap[16];
    Instant[] times = new Instant[16];
    int seriesCount = 0;
    int timeCount = 0;
    while (p < end) {
      int at = p;
      long tag = varint("a record's tag");
      if (tag == BinaryBatchFormat.SERIES) {
        if (seriesCount == keys.length) {
          keys = Arrays.copyOf(keys, seriesCount * 2);
          labels = Arrays.copyOf(labels, seriesCount * 2);
        }
        keys[seriesCount] = string("a key");
        if (keys[seriesCount].isEmpty()) {
          throw problem(at, "series " + seriesCount + " has an empty key");
        }
        labels[seriesCount] = labelSet(at);
        seriesCount++;
      } else if (tag == BinaryBatchFormat.TIME) {
        if (timeCount == times.length) {
          times = Arrays.copyOf(times, timeCount * 2);
        }
        long second = BinaryBatchFormat.unzigzag(varint("a time's second"));
        long nano = varint("a time's nanosecond");
        if (nano < 0 || nano > 999_999_999) {
          throw problem(at, "time " + timeCount + " has nanosecond " + nano);
        }
        try {
          times[timeCount] = Instant.ofEpochSecond(second, nano);
        } catch (DateTimeException e) {
          throw problem(at, "time " + timeCount + " is out of range: second " + second);
        }
        timeCount++;
      } else if (tag == BinaryBatchFormat.END) {
        long count = varint("the sample count");
        if (p != end) {
          throw problem(at, (end - p) + " bytes follow the end record");
        }
        if (count != metrics.size()) {
          throw problem(at, "the end says " + count + " samples, the file has " + metrics.size());
        }
        return metrics;
      } else if (tag >= BinaryBatchFormat.FIRST_SAMPLE) {
        long series = (tag - BinaryBatchFormat.FIRST_SAMPLE) >>> 1;
        if (series >= seriesCount) {
          throw problem(at, "a sample names series " + series + " of " + seriesCount);
        }
        long time = varint("a sample's time");
        if (time < 0 || time >= timeCount) {
          throw problem(at, "a sample names time " + time + " of " + timeCount);
        }
        int s = (int) series;
        if ((tag & 1) == 0) {
          metrics.add(keys[s], labels[s], times[(int) time], doubleValue());
        } else {
          int length = length("a value");
          for (int i = p; i < p + length; i++) {
            if (bytes[i] < 0x20 || bytes[i] > 0x7E) {
              throw problem(at, "a sample's value is not printable ASCII");
            }
          }
          metrics.add(keys[s], labels[s], times[(int) time], bytes, p, p + length);
          p += length;
        }
      } else {
        throw problem(at, "unknown record " + tag);
      }
    }
    throw problem(end, "the file has no end record");
  }

  private ImmutableSortedMap<String, String> labelSet(int at) throws MetricsDataException {
    long count = varint("a label count");
    if (count < 0 || count > (end - p) / 2) {
      throw problem(at, "a series says it has " + count + " labels");
    }
    LabelSets sets = tables.labelSets;
    sets.start();
    String previous = null;
    for (long i = 0; i < count; i++) {
      String name = string("a label name");
      if (name.isEmpty() || (previous != null && previous.compareTo(name) >= 0)) {
        throw problem(at, "a series' label names are not distinct, not empty and ascending");
      }
      sets.add(name, string("a label value"));
      previous = name;
    }
    return sets.build();
  }

  private double doubleValue() throws MetricsDataException {
    if (end - p < 8) {
      throw problem(p, "a sample's value is cut short");
    }
    long bits = 0;
    for (int i = 7; i >= 0; i--) {
      bits = (bits << 8) | (bytes[p + i] & 0xFF);
    }
    p += 8;
    return Double.longBitsToDouble(bits);
  }

  /**
   * The string at the cursor, the one instance the decode cache holds for its text when it is
   * ASCII: found by its bytes, so a key or label read before makes no new string.
   */
  private String string(String of) throws MetricsDataException {
    int length = length(of);
    boolean ascii = true;
    for (int i = p; i < p + length; i++) {
      if (bytes[i] < 0) {
        ascii = false;
        break;
      }
    }
    String text;
    if (ascii) {
      text = tables.strings.get(bytes, p, length);
    } else {
      CharsetDecoder decoder =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
      try {
        CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, p, length));
        text = chars.toString();
      } catch (CharacterCodingException e) {
        throw problem(p, of + " is not UTF-8");
      }
    }
    p += length;
    return text;
  }

  /** A length, checked to fit in what is left of the file. */
  private int length(String of) throws MetricsDataException {
    int at = p;
    long length = varint("the length of ", of);
    if (length < 0 || length > end - p) {
      throw problem(at, "the length of " + of + ", " + length + ", runs past the end");
    }
    return (int) length;
  }

  private long varint(String of) throws MetricsDataException {
    return varint("", of);
  }

  /**
   * The varint at the cursor; {@code prefix + of} names it in a problem (joined only then, as this
   * runs for every record).
   */
  private long varint(String prefix, String of) throws MetricsDataException {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p >= end) {
        throw problem(p, prefix + of + " is cut short");
      }
      byte b = bytes[p++];
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw problem(p, prefix + of + " is not a varint");
  }

  private MetricsDataException problem(int at, String problem) {
    return new MetricsDataException(what + " at byte " + at + ": " + problem);
  }
}
