package io.windlass.manifolds.status;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The labels of a pushed series: an immutable map sorted by name in natural order (its {@link
 * #comparator()} is null), held in one array. A push parser hands the same instance for every
 * sample of a series, and the spool reads it once or twice per sample (checks, encoding), so it is
 * built for iterating: entries are made once, side by side, and the hash code is computed once.
 */
final class SortedLabels extends AbstractMap<String, String> implements SortedMap<String, String> {
  private static final SortedLabels EMPTY = new SortedLabels(new Entry[0]);

  private final Entry[] entries;
  private final EntrySet entrySet = new EntrySet();
  private int hash; // 0: not computed yet (racy but idempotent, as String's)

  /** One label; immutable. */
  private static final class Entry extends AbstractMap.SimpleImmutableEntry<String, String> {
    private static final long serialVersionUID = 1L;

    Entry(String name, String value) {
      super(name, value);
    }
  }

  private SortedLabels(Entry[] entries) {
    this.entries = entries;
  }

  /** {@code labels}, sorted by name. */
  static SortedLabels of(Map<String, String> labels) {
    if (labels.isEmpty()) {
      return EMPTY;
    }
    Entry[] entries = new Entry[labels.size()];
    int i = 0;
    for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
      entries[i++] = new Entry(label.getKey(), label.getValue());
    }
    return new SortedLabels(entries);
  }

  @Override
  public Set<Map.Entry<String, String>> entrySet() {
    return entrySet;
  }

  @Override
  public int size() {
    return entries.length;
  }

  @Override
  public @Nullable String get(@Nullable Object key) {
    for (Entry entry : entries) {
      if (entry.getKey().equals(key)) {
        return entry.getValue();
      }
    }
    return null;
  }

  @Override
  public boolean containsKey(@Nullable Object key) {
    return get(key) != null;
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = super.hashCode();
      hash = h;
    }
    return h;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (o == this) {
      return true;
    }
    if (o instanceof SortedLabels other) {
      return Arrays.equals(entries, other.entries);
    }
    return super.equals(o);
  }

  @Override
  public @Nullable Comparator<? super String> comparator() {
    return null;
  }

  @Override
  public String firstKey() {
    if (entries.length == 0) {
      throw new NoSuchElementException();
    }
    return entries[0].getKey();
  }

  @Override
  public String lastKey() {
    if (entries.length == 0) {
      throw new NoSuchElementException();
    }
    return entries[entries.length - 1].getKey();
  }

  @Override
  public SortedMap<String, String> subMap(String fromKey, String toKey) {
    return java.util.Collections.unmodifiableSortedMap(new TreeMap<>(this).subMap(fromKey, toKey));
  }

  @Override
  public SortedMap<String, String> headMap(String toKey) {
    return java.util.Collections.unmodifiableSortedMap(new TreeMap<>(this).headMap(toKey));
  }

  @Override
  public SortedMap<String, String> tailMap(String fromKey) {
    return java.util.Collections.unmodifiableSortedMap(new TreeMap<>(this).tailMap(fromKey));
  }

  private final class EntrySet extends AbstractSet<Map.Entry<String, String>> {
    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
      return new Iterator<>() {
        private int next;

        @Override
        public boolean hasNext() {
          return next < entries.length;
        }

        @Override
        public Map.Entry<String, String> next() {
          if (next >= entries.length) {
            throw new NoSuchElementException();
          }
          return entries[next++];
        }
      };
    }

    @Override
    public int size() {
      return entries.length;
    }
  }
}
