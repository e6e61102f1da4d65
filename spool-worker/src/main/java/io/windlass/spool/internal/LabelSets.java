package io.windlass.spool.internal;

import com.google.common.collect.ImmutableSortedMap;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * The label maps of data files. A metric's labels are {@linkplain #add added} as read, in file
 * order, and {@linkplain #build built} into the sorted immutable map {@link
 * io.windlass.spool.Metric} keeps; the same names and values in the same order give the same map
 * instance, so a label set that repeats is built once and later compares by identity. As with any
 * map, a later duplicate name wins.
 *
 * <p>Writers list labels sorted by name, so a set is usually built without sorting. Remembers at
 * most {@value #MAX_ENTRIES} sets; when full, it forgets them all and starts again. Not
 * thread-safe: one decode uses it at a time ({@link DecodeCache}).
 */
final class LabelSets {
  /** The most sets remembered. */
  static final int MAX_ENTRIES = 16_384;

  /** A remembered set: the pairs as read, and the map built from them. */
  private record Entry(
      String[] names, String[] values, int hash, ImmutableSortedMap<String, String> map) {}

  private Entry[] table = new Entry[64];
  private int size;
  private String[] names = new String[8];
  private String[] values = new String[8];
  private int count;

  /** Starts a new set. */
  void start() {
    count = 0;
  }

  /** Adds a label to the set being read. */
  void add(String name, String value) {
    if (count == names.length) {
      names = Arrays.copyOf(names, count * 2);
      values = Arrays.copyOf(values, count * 2);
    }
    names[count] = name;
    values[count] = value;
    count++;
  }

  /** The map of the set read since {@link #start()}. */
  ImmutableSortedMap<String, String> build() {
    if (count == 0) {
      return ImmutableSortedMap.of();
    }
    int hash = 1;
    for (int i = 0; i < count; i++) {
      hash = 31 * (31 * hash + names[i].hashCode()) + values[i].hashCode();
    }
    int mask = table.length - 1;
    for (int slot = AsciiTable.spread(hash) & mask; ; slot = (slot + 1) & mask) {
      Entry known = table[slot];
      if (known == null) {
        ImmutableSortedMap<String, String> map = toMap();
        if (size == MAX_ENTRIES) {
          table = new Entry[64];
          size = 0;
          return map;
        }
        table[slot] =
            new Entry(Arrays.copyOf(names, count), Arrays.copyOf(values, count), hash, map);
        if (++size * 2 > table.length) {
          grow();
        }
        return map;
      }
      if (known.hash == hash && isCurrent(known)) {
        return known.map;
      }
    }
  }

  /** How many sets it remembers. */
  int size() {
    return size;
  }

  private boolean isCurrent(Entry known) {
    if (known.names.length != count) {
      return false;
    }
    for (int i = 0; i < count; i++) {
      if (!known.names[i].equals(names[i]) || !known.values[i].equals(values[i])) {
        return false;
      }
    }
    return true;
  }

  private ImmutableSortedMap<String, String> toMap() {
    if (count == 1) {
      return ImmutableSortedMap.of(names[0], values[0]);
    }
    boolean ascending = true;
    for (int i = 1; i < count && ascending; i++) {
      ascending = names[i - 1].compareTo(names[i]) < 0;
    }
    if (ascending) {
      ImmutableSortedMap.Builder<String, String> sorted = ImmutableSortedMap.naturalOrder();
      for (int i = 0; i < count; i++) {
        sorted.put(names[i], values[i]);
      }
      return sorted.buildOrThrow();
    }
    TreeMap<String, String> map = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      map.put(names[i], values[i]);
    }
    return ImmutableSortedMap.copyOfSorted(map);
  }

  private void grow() {
    Entry[] old = table;
    table = new Entry[old.length * 2];
    int mask = table.length - 1;
    for (Entry known : old) {
      if (known != null) {
        int slot = AsciiTable.spread(known.hash) & mask;
        while (table[slot] != null) {
          slot = (slot + 1) & mask;
        }
        table[slot] = known;
      }
    }
  }
}
