package io.windlass.spool.internal;

/**
 * The compact binary form of a data file ({@link io.windlass.spool.BatchFormat#BINARY}), version 1:
 *
 * <pre>
 * file    = MAGIC record* END
 * MAGIC   = 00 57 4C 42 01                       (NUL "WLB" 1: never the start of JSON text)
 * record  = SERIES | TIME | SAMPLE
 * SERIES  = varint(0) string(key) varint(n) (string(name) string(value)){n}
 *                                                labels n &gt;= 0, names strictly ascending
 * TIME    = varint(1) zigzag(epoch second) varint(nanosecond)
 * SAMPLE  = varint(4 + 2 * series + t) varint(time) value
 *           value = 8 bytes of an IEEE 754 double, least significant first    if t = 0
 *                 | string(the value's text, printable ASCII)                    if t = 1
 * END     = varint(2) varint(samples) crc32c
 *           crc32c = 4 bytes, most significant first, of CRC-32C over every byte before them
 * string  = varint(byte length) UTF-8 bytes
 * </pre>
 *
 * <p>varint is unsigned LEB128 (protobuf's), zigzag protobuf's signed mapping. Each SERIES and TIME
 * record defines the next series or time of the file, numbered from 0 in order of appearance; a
 * sample names them by those numbers, so a series' key and labels and a time are written once a
 * file, and a sample of a double costs about 11 bytes. END counts the samples and ends the file; a
 * file without it, with bytes after it, or whose checksum differs, is not a batch.
 *
 * <p>A sample read back is the metric the spool's JSON lines would hold for it: the value of a
 * double is its {@linkplain io.windlass.spool.MetricValues#text(double) spool text}.
 */
final class BinaryBatchFormat {
  /** The first bytes of every file of this form. */
  static final byte[] MAGIC = {0x00, 'W', 'L', 'B', 0x01};

  static final int SERIES = 0;
  static final int TIME = 1;
  static final int END = 2;

  /** The tag of the first sample record: a sample's tag is this + 2 × series + (text ? 1 : 0). */
  static final int FIRST_SAMPLE = 4;

  /** The bytes END takes at most: its tag, a count of up to 2^31, the checksum. */
  static final int MAX_END_BYTES = 1 + 5 + 4;

  private BinaryBatchFormat() {}

  /** Whether the file in the first {@code length} bytes of {@code bytes} starts as this form. */
  static boolean isBinary(byte[] bytes, int length) {
    if (length < MAGIC.length) {
      return false;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  /** The protobuf zigzag mapping of a signed value to an unsigned one. */
  static long zigzag(long value) {
    return (value << 1) ^ (value >> 63);
  }

  /** The inverse of {@link #zigzag}. */
  static long unzigzag(long value) {
    return (value >>> 1) ^ -(value & 1);
  }
}
