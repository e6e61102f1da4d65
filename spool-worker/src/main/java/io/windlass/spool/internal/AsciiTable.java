package io.windlass.spool.internal;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A hash table keyed by ASCII text, looked up by a span of bytes (without making a string of it) or
 * by a string, with the text's {@link String#hashCode() string hash} given by the caller, who often
 * computes it while scanning the bytes anyway ({@link #hash}). Open addressing; each slot keeps the
 * key's bytes and hash, so a lookup compares arrays.
 *
 * <p>Holds at most {@value #MAX_ENTRIES} entries; when full, it forgets them all and starts again.
 * Not thread-safe.
 *
 * @param <V> the values
 */
final class AsciiTable<V> {
  /** The most entries held. */
  static final int MAX_ENTRIES = 16_384;

  private static final int INITIAL_SLOTS = 64;

  private byte[][] keys = new byte[INITIAL_SLOTS][];
  private int[] hashes = new int[INITIAL_SLOTS];
  private Object[] values = new Object[INITIAL_SLOTS];
  private int size;

  /** The string hash of {@code length} ASCII bytes of {@code bytes} from {@code offset}. */
  static int hash(byte[] bytes, int offset, int length) {
    int hash = 0;
    for (int i = offset; i < offset + length; i++) {
      hash = 31 * hash + bytes[i];
    }
    return hash;
  }

  /** The value of the text in {@code length} bytes of {@code bytes} from {@code offset}. */
  @Nullable V get(byte[] bytes, int offset, int length, int hash) {
    int mask = keys.length - 1;
    for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
      byte[] key = keys[slot];
      if (key == null) {
        return null;
      }
      if (hashes[slot] == hash
          && Arrays.equals(key, 0, key.length, bytes, offset, offset + length)) {
        return value(slot);
      }
    }
  }

  /** The value of {@code text}, whose string hash is {@code hash}. */
  @Nullable V get(String text, int hash) {
    int mask = keys.length - 1;
    for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
      byte[] key = keys[slot];
      if (key == null) {
        return null;
      }
      if (hashes[slot] == hash && sameText(key, text)) {
        return value(slot);
      }
    }
  }

  /**
   * Adds {@code key}, the bytes of ASCII text whose string hash is {@code hash}, with {@code
   * value}; the table keeps the array. The key must not be in the table.
   */
  void put(byte[] key, int hash, V value) {
    if (size == MAX_ENTRIES) {
      keys = new byte[INITIAL_SLOTS][];
      hashes = new int[INITIAL_SLOTS];
      values = new Object[INITIAL_SLOTS];
      size = 0;
    }
    insert(key, hash, value);
    if (++size * 2 > keys.length) {
      grow();
    }
  }

  /** How many entries it holds. */
  int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  private V value(int slot) {
    return (V) values[slot];
  }

  private void insert(byte[] key, int hash, Object value) {
    int mask = keys.length - 1;
    int slot = spread(hash) & mask;
    while (keys[slot] != null) {
      slot = (slot + 1) & mask;
    }
    keys[slot] = key;
    hashes[slot] = hash;
    values[slot] = value;
  }

  private static boolean sameText(byte[] key, String text) {
    if (key.length != text.length()) {
      return false;
    }
    for (int i = 0; i < key.length; i++) {
      if (key[i] != text.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private void grow() {
    byte[][] oldKeys = keys;
    int[] oldHashes = hashes;
    Object[] oldValues = values;
    keys = new byte[oldKeys.length * 2][];
    hashes = new int[keys.length];
    values = new Object[keys.length];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        insert(oldKeys[i], oldHashes[i], oldValues[i]);
      }
    }
  }

  /** Mixes the high bits of a hash into the low ones that pick a slot. */
  static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }
}
