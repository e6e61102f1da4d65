package io.windlass.spool.ingest.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A small map from byte strings to values, looked up by a range of a larger array without copying
 * it: how a push parser finds the series it has seen before from the raw bytes of a line. Open
 * addressing with linear probing; when it holds {@code maxEntries}, or its keys {@code maxBytes},
 * it is emptied and starts over, which keeps it bounded without bookkeeping. Not thread-safe.
 */
final class ByteKeyCache<V> {

  /**
   * The most key bytes a cache holds by default. Its values (a push parser's series, their labels)
   * take a few times their keys' bytes, so a parser's cache stays within a few MiB whatever the
   * length of the series it reads.
   */
  static final int DEFAULT_MAX_BYTES = 256 * 1024;

  private final int maxEntries;
  private final long maxBytes;
  private long bytes;
  private byte[][] keys;
  private int[] hashes;
  private Object[] values;
  private int size;

  /** A cache of at most {@code maxEntries} entries and {@link #DEFAULT_MAX_BYTES} key bytes. */
  ByteKeyCache(int maxEntries) {
    this(maxEntries, DEFAULT_MAX_BYTES);
  }

  /**
   * A cache of at most {@code maxEntries} entries (a power of two is not needed) and {@code
   * maxBytes} key bytes.
   */
  ByteKeyCache(int maxEntries, long maxBytes) {
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
    int capacity = Integer.highestOneBit(Math.max(16, maxEntries) * 2 - 1) << 1;
    keys = new byte[capacity][];
    hashes = new int[capacity];
    values = new Object[capacity];
  }

  /** The value for the bytes {@code [from, to)} of {@code bytes}, or null. */
  @SuppressWarnings("unchecked")
  @Nullable V get(byte[] bytes, int from, int to) {
    int hash = hash(bytes, from, to);
    int mask = keys.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      byte[] key = keys[i];
      if (key == null) {
        return null;
      }
      if (hashes[i] == hash && Arrays.equals(key, 0, key.length, bytes, from, to)) {
        return (V) values[i];
      }
    }
  }

  /** Maps a copy of the bytes {@code [from, to)} of {@code bytes} to {@code value}. */
  void put(byte[] bytes, int from, int to, V value) {
    int hash = hash(bytes, from, to);
    int mask = keys.length - 1;
    int i = hash & mask;
    for (; keys[i] != null; i = (i + 1) & mask) {
      byte[] key = keys[i];
      if (hashes[i] == hash && Arrays.equals(key, 0, key.length, bytes, from, to)) {
        values[i] = value;
        return;
      }
    }
    if (isFull(to - from)) {
      clear();
      i = hash & mask;
    }
    keys[i] = Arrays.copyOfRange(bytes, from, to);
    hashes[i] = hash;
    values[i] = value;
    size++;
    this.bytes += to - from;
  }

  /**
   * Whether a new key of {@code keyLength} bytes would make it start over: it holds {@code
   * maxEntries}, or its keys would pass {@code maxBytes}.
   */
  boolean isFull(int keyLength) {
    return size >= maxEntries || bytes + keyLength > maxBytes;
  }

  /** The bytes of the keys it holds. */
  long bytes() {
    return bytes;
  }

  /** How many entries it holds. */
  int size() {
    return size;
  }

  /** Empties the cache. */
  void clear() {
    Arrays.fill(keys, null);
    Arrays.fill(values, null);
    size = 0;
    bytes = 0;
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** A hash of the bytes, eight at a time. */
  private static int hash(byte[] bytes, int from, int to) {
    long h = to - from;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      h = (h ^ (long) LONGS.get(bytes, i)) * 0x9E3779B97F4A7C15L;
    }
    for (; i < to; i++) {
      h = (h ^ bytes[i]) * 0x9E3779B97F4A7C15L;
    }
    h ^= h >>> 29;
    return (int) (h ^ (h >>> 32));
  }
}
