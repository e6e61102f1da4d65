package io.windlass.spool.internal;

import java.util.Arrays;

/**
 * A growable byte array that a recorder encodes metric lines into. Not thread-safe; its owner
 * guards it.
 */
public final class LineBuffer {
  private byte[] bytes;
  private int length;

  /** An empty buffer with room for {@code capacity} bytes. */
  public LineBuffer(int capacity) {
    bytes = new byte[capacity];
  }

  /** The backing array; valid up to {@link #length()}. */
  public byte[] array() {
    return bytes;
  }

  /** The number of bytes written. */
  public int length() {
    return length;
  }

  /** The backing array's size. */
  public int capacity() {
    return bytes.length;
  }

  /** Forgets everything after the first {@code newLength} bytes. */
  public void truncate(int newLength) {
    if (newLength < 0 || newLength > length) {
      throw new IndexOutOfBoundsException("length " + newLength + " outside [0, " + length + "]");
    }
    length = newLength;
  }

  /** Forgets everything. */
  public void clear() {
    length = 0;
  }

  /** Makes room for {@code extra} more bytes. */
  void ensure(int extra) {
    int needed = length + extra;
    if (needed < 0) {
      throw new OutOfMemoryError("line buffer over 2 GiB");
    }
    if (needed > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
    }
  }

  /** Appends one ASCII character; the caller has ensured room. */
  void put(char c) {
    bytes[length++] = (byte) c;
  }

  /** Appends an ASCII string; the caller has ensured room. */
  void putAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      bytes[length++] = (byte) s.charAt(i);
    }
  }

  /** Appends bytes; the caller has ensured room. */
  void putBytes(byte[] source) {
    System.arraycopy(source, 0, bytes, length, source.length);
    length += source.length;
  }

  /**
   * Appends {@code count} bytes of {@code source} from {@code from}; the caller has ensured room.
   */
  void putBytes(byte[] source, int from, int count) {
    System.arraycopy(source, from, bytes, length, count);
    length += count;
  }

  /** Appends {@code value} as an unsigned LEB128 varint (at most 10 bytes); room is ensured. */
  void putVarint(long value) {
    while ((value & ~0x7FL) != 0) {
      bytes[length++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    bytes[length++] = (byte) value;
  }

  /** Appends the 8 bytes of {@code value}, least significant first; room is ensured. */
  void putLongLittleEndian(long value) {
    for (int i = 0; i < 8; i++) {
      bytes[length++] = (byte) value;
      value >>>= 8;
    }
  }

  /** Appends the 4 bytes of {@code value}, most significant first; room is ensured. */
  void putIntBigEndian(int value) {
    bytes[length++] = (byte) (value >>> 24);
    bytes[length++] = (byte) (value >>> 16);
    bytes[length++] = (byte) (value >>> 8);
    bytes[length++] = (byte) value;
  }

  /** The bytes written, copied. */
  byte[] toByteArray() {
    return Arrays.copyOf(bytes, length);
  }

  /** Appends {@code value} as exactly {@code digits} decimal digits; room is ensured. */
  void putDigits(int value, int digits) {
    for (int i = length + digits - 1; i >= length; i--) {
      bytes[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    length += digits;
  }

  /** Sets the byte count after a raw write into {@link #array()}. */
  void setLength(int newLength) {
    length = newLength;
  }
}
