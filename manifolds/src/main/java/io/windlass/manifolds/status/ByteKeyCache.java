package io.windlass.manifolds.status;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A small map from byte strings to values, looked up by a range of a larger array without copying
 * it: how a push parser finds the series it has seen before from the raw bytes of a line. Open
 * addressing with linear probing; when it holds {@code maxEntries} it is emptied and starts over,
 * which keeps it bounded without bookkeeping. Not thread-safe.
 */
final class ByteKeyCache<V> {
  private final int maxEntries;
  private byte[][] keys;
  private int[] hashes;
  private Object[] values;
  private int size;

  /** A cache of at most {@code maxEntries} entries (a power of two is not needed). */
  ByteKeyCache(int maxEntries) {
    this.maxEntries = maxEntries;
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
    if (size >= maxEntries) {
      clear();
      i = hash & mask;
    }
    keys[i] = Arrays.copyOfRange(bytes, from, to);
    hashes[i] = hash;
    values[i] = value;
    size++;
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
