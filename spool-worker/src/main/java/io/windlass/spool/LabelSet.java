package io.windlass.spool;

import io.windlass.spool.internal.SeriesHash;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The labels of a series as a writer hands them for every sample of it: an immutable map sorted by
 * name in natural order (its {@link #comparator()} is null), held in one array, with its hashes
 * computed once. A {@link MetricRecorder} takes any label map; given the same {@code LabelSet}
 * instance again, the spool and the views teed off it recognize the series by reference and by the
 * hash it carries, without reading the labels. Writers that see a series many times (a push parser,
 * a collector pipeline) keep one per series.
 *
 * <p>Equal to any map with the same labels, and hashed as {@link Map} says.
 */
public final class LabelSet extends AbstractMap<String, String>
    implements SortedMap<String, String> {
  private static final LabelSet EMPTY = new LabelSet(new Label[0]);

  private final Label[] labels;
  private final EntrySet entrySet = new EntrySet();
  private final int hashCode;
  private final int seriesHashPart;

  /** One label; immutable. */
  private static final class Label extends AbstractMap.SimpleImmutableEntry<String, String> {
    private static final long serialVersionUID = 1L;

    Label(String name, String value) {
      super(name, value);
    }
  }

  private LabelSet(Label[] labels) {
    this.labels = labels;
    int hash = 0;
    int part = 0;
    for (Label label : labels) {
      hash += label.hashCode();
      part += SeriesHash.label(label.getKey(), label.getValue());
    }
    this.hashCode = hash;
    this.seriesHashPart = part;
  }

  /** No labels. */
  public static LabelSet of() {
    return EMPTY;
  }

  /**
   * {@code labels} as a label set, sorted by name: the same instance if it is one already.
   *
   * @throws NullPointerException a name or value is null
   */
  public static LabelSet of(Map<String, String> labels) {
    if (labels instanceof LabelSet set) {
      return set;
    }
    if (labels.isEmpty()) {
      return EMPTY;
    }
    Label[] sorted = new Label[labels.size()];
    int n = 0;
    for (Map.Entry<String, String> label : labels.entrySet()) {
      String name = label.getKey();
      String value = label.getValue();
      if (name == null) {
        throw new NullPointerException("a label has a null name");
      }
      if (value == null) {
        throw new NullPointerException("label " + name + " has a null value");
      }
      sorted[n++] = new Label(name, value);
    }
    sort(sorted);
    return new LabelSet(sorted);
  }

  /**
   * Sorts labels of distinct names by name: by insertion for the few labels of most series (they
   * most often come sorted already, and a small loop is all the code it takes), else by the JDK.
   */
  private static void sort(Label[] labels) {
    if (labels.length > 16) {
      Arrays.sort(labels, Map.Entry.comparingByKey());
      return;
    }
    for (int i = 1; i < labels.length; i++) {
      Label label = labels[i];
      int j = i - 1;
      while (j >= 0 && labels[j].getKey().compareTo(label.getKey()) > 0) {
        labels[j + 1] = labels[j];
        j--;
      }
      labels[j + 1] = label;
    }
  }

  /** This set's part of the spool's series hash ({@link SeriesHash#labels}), computed once. */
  public int seriesHashPart() {
    return seriesHashPart;
  }

  @Override
  public Set<Map.Entry<String, String>> entrySet() {
    return entrySet;
  }

  @Override
  public int size() {
    return labels.length;
  }

  @Override
  public boolean isEmpty() {
    return labels.length == 0;
  }

  @Override
  public @Nullable String get(@Nullable Object name) {
    for (Label label : labels) {
      if (label.getKey().equals(name)) {
        return label.getValue();
      }
    }
    return null;
  }

  @Override
  public boolean containsKey(@Nullable Object name) {
    return get(name) != null;
  }

  @Override
  public int hashCode() {
    return hashCode;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (o == this) {
      return true;
    }
    if (o instanceof LabelSet other) {
      return hashCode == other.hashCode && Arrays.equals(labels, other.labels);
    }
    return super.equals(o);
  }

  @Override
  public @Nullable Comparator<? super String> comparator() {
    return null;
  }

  @Override
  public String firstKey() {
    if (labels.length == 0) {
      throw new NoSuchElementException();
    }
    return labels[0].getKey();
  }

  @Override
  public String lastKey() {
    if (labels.length == 0) {
      throw new NoSuchElementException();
    }
    return labels[labels.length - 1].getKey();
  }

  @Override
  public SortedMap<String, String> subMap(String fromKey, String toKey) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(this).subMap(fromKey, toKey));
  }

  @Override
  public SortedMap<String, String> headMap(String toKey) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(this).headMap(toKey));
  }

  @Override
  public SortedMap<String, String> tailMap(String fromKey) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(this).tailMap(fromKey));
  }

  private final class EntrySet extends AbstractSet<Map.Entry<String, String>> {
    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
      return new Iterator<>() {
        private int next;

        @Override
        public boolean hasNext() {
          return next < labels.length;
        }

        @Override
        public Map.Entry<String, String> next() {
          if (next >= labels.length) {
            throw new NoSuchElementException();
          }
          return labels[next++];
        }
      };
    }

    @Override
    public int size() {
      return labels.length;
    }
  }
}
