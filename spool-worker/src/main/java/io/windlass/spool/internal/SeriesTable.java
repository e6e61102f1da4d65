package io.windlass.spool.internal;

import io.windlass.spool.MetricKind;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;

/**
 * The series (key and labels) a recorder has checked and encoded, found again by content: a later
 * sample of one needs only its value and time checked and encoded. Labels are kept as copies, so a
 * caller that changes a map after adding it cannot make a stale entry match; a caller that hands
 * the same label values again (the same strings, in natural order) is matched by reference
 * comparisons alone. Bounded: past {@code maxSeries}, new series are not kept. Open addressing; not
 * thread-safe (the recorder guards it).
 */
public final class SeriesTable {

  /** A series checked and encoded once. */
  public static final class Series {
    final String key;
    final MetricKind kind;
    final String[] names;
    final String[] values;
    final int hash;
    final byte[] prefix;
    final byte[] suffix;

    private Series(
        String key,
        MetricKind kind,
        String[] names,
        String[] values,
        int hash,
        Map<String, String> labels) {
      this.key = key;
      this.kind = kind;
      this.names = names;
      this.values = values;
      this.hash = hash;
      this.prefix = MetricLineEncoder.seriesPrefix(key);
      this.suffix = MetricLineEncoder.seriesSuffix(labels);
    }

    public String key() {
      return key;
    }

    public MetricKind kind() {
      return kind;
    }

    /** Its lines up to the value ({@link MetricLineEncoder#seriesPrefix}). */
    public byte[] prefix() {
      return prefix;
    }

    /** Its lines after the time ({@link MetricLineEncoder#seriesSuffix}). */
    public byte[] suffix() {
      return suffix;
    }
  }

  private final int maxSeries;
  private Series[] table = new Series[64];
  private int size;

  public SeriesTable(int maxSeries) {
    this.maxSeries = maxSeries;
  }

  /** The series of {@code key} and {@code labels}, if kept. */
  public @Nullable Series get(@Nullable String key, Map<String, String> labels) {
    if (key == null || size == 0) {
      return null;
    }
    int hash = hash(key, labels);
    int mask = table.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      Series series = table[i];
      if (series == null) {
        return null;
      }
      if (series.hash == hash && matches(series, key, labels)) {
        return series;
      }
    }
  }

  /**
   * Keeps a series whose key and labels have passed the checks; null (keeping nothing) if the table
   * is full.
   */
  public @Nullable Series put(String key, Map<String, String> labels, MetricKind kind) {
    if (size >= maxSeries) {
      return null;
    }
    if (size * 2 >= table.length) {
      Series[] old = table;
      table = new Series[old.length * 2];
      for (Series series : old) {
        if (series != null) {
          insert(series);
        }
      }
    }
    Map.Entry<?, ?>[] entries = labels.entrySet().toArray(new Map.Entry<?, ?>[0]);
    Arrays.sort(entries, (a, b) -> ((String) a.getKey()).compareTo((String) b.getKey()));
    String[] names = new String[entries.length];
    String[] values = new String[entries.length];
    for (int i = 0; i < entries.length; i++) {
      names[i] = (String) entries[i].getKey();
      values[i] = (String) entries[i].getValue();
    }
    Series series = new Series(key, kind, names, values, hash(key, labels), labels);
    insert(series);
    size++;
    return series;
  }

  private void insert(Series series) {
    int mask = table.length - 1;
    int i = series.hash & mask;
    while (table[i] != null) {
      i = (i + 1) & mask;
    }
    table[i] = series;
  }

  /**
   * A hash of the series: its key's and its labels' ({@link Map#hashCode()}, whatever the map's
   * order, and cached by immutable maps that keep it), well mixed.
   */
  private static int hash(String key, Map<String, String> labels) {
    return mix(key.hashCode() * 0x9E3779B9 + labels.hashCode());
  }

  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    return h ^ (h >>> 16);
  }

  private static boolean matches(Series series, String key, Map<String, String> labels) {
    if (!key.equals(series.key) || labels.size() != series.names.length) {
      return false;
    }
    if (labels instanceof SortedMap<String, String> sorted && sorted.comparator() == null) {
      int i = 0;
      for (Map.Entry<String, String> label : labels.entrySet()) {
        if (!same(label.getKey(), series.names[i]) || !same(label.getValue(), series.values[i])) {
          return false;
        }
        i++;
      }
      return true;
    }
    for (int i = 0; i < series.names.length; i++) {
      if (!series.values[i].equals(labels.get(series.names[i]))) {
        return false;
      }
    }
    return true;
  }

  private static boolean same(@Nullable String a, String b) {
    return a == b || b.equals(a);
  }
}
