package io.windlass.spool.internal;

import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.LabelSet;
import io.windlass.spool.MetricKind;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * The series (key, labels, and the declarations they were checked against) that recorders of one
 * spool have checked and encoded, found again by content: a later sample of one, in any batch,
 * needs only its value and time checked and encoded. Labels are kept as copies, so a caller that
 * changes a map after adding it cannot make a stale entry match; a caller that hands the same label
 * values again (the same strings, in natural order) is matched by reference comparisons alone, and
 * one that hands the same {@link LabelSet} again by its carried hash and one comparison. Bounded:
 * holding {@code maxSeries}, or series of about {@value #MAX_BYTES} bytes (their encoded lines
 * twice: the encodings and the strings they came from), it starts over empty.
 *
 * <p>Thread-safe: lookups read without locking (open addressing over an atomic array whose entries
 * are immutable); additions are serialised.
 */
public final class SeriesTable {

  /** A series checked and encoded once. */
  public static final class Series {
    final DeclaredMetrics declared;
    final String key;
    final MetricKind kind;
    final String[] names;
    final String[] values;
    final int hash;
    final LabelSet labelSet;
    final byte[] prefix;
    final byte[] suffix;
    private volatile byte @Nullable [] binaryDefinition; // made at its first binary batch

    private Series(
        DeclaredMetrics declared,
        String key,
        MetricKind kind,
        String[] names,
        String[] values,
        int hash,
        LabelSet labels) {
      this.declared = declared;
      this.key = key;
      this.kind = kind;
      this.names = names;
      this.values = values;
      this.hash = hash;
      this.labelSet = labels;
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

    /** Its SERIES record in the {@linkplain BinaryBatchFormat binary form}; not to be changed. */
    byte[] binaryDefinition() {
      byte[] definition = binaryDefinition;
      if (definition == null) {
        definition = binaryDefinition = BinaryBatchEncoder.definition(key, names, values);
      }
      return definition;
    }
  }

  private static final int INITIAL_SLOTS = 1024;

  /** The most bytes of series kept, as {@link #weight} counts them. */
  static final long MAX_BYTES = 8L * 1024 * 1024;

  private final int maxSeries;
  private long bytes; // guarded by this
  private volatile AtomicReferenceArray<Series> table = new AtomicReferenceArray<>(INITIAL_SLOTS);
  private int size; // guarded by this

  public SeriesTable(int maxSeries) {
    this.maxSeries = maxSeries;
  }

  /** The series of {@code key} and {@code labels} checked against {@code declared}, if kept. */
  public @Nullable Series get(
      DeclaredMetrics declared, @Nullable String key, Map<String, String> labels) {
    if (key == null) {
      return null;
    }
    AtomicReferenceArray<Series> slots = table;
    LabelSet set = labels instanceof LabelSet given ? given : null;
    int hash =
        set != null ? SeriesHash.series(key, set.seriesHashPart()) : SeriesHash.series(key, labels);
    int mask = slots.length() - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      Series series = slots.get(i);
      if (series == null) {
        return null;
      }
      if (set != null
          && series.labelSet == set
          && series.declared == declared
          && series.key.equals(key)) {
        return series; // the writer handed the very label set again
      }
      if (series.hash == hash
          && (series.declared == declared || series.declared.equals(declared))
          && matches(series, key, labels)) {
        return series;
      }
    }
  }

  /**
   * Keeps a series whose key and labels have passed the checks against {@code declared}, with the
   * kind they gave; returns it (or the one another recorder kept meanwhile).
   */
  public synchronized Series put(
      DeclaredMetrics declared, String key, Map<String, String> labels, MetricKind kind) {
    Series kept = get(declared, key, labels);
    if (kept != null) {
      return kept;
    }
    if (size >= maxSeries || bytes >= MAX_BYTES) {
      table = new AtomicReferenceArray<>(INITIAL_SLOTS);
      size = 0;
      bytes = 0;
    }
    if ((size + 1) * 2 > table.length()) {
      AtomicReferenceArray<Series> old = table;
      AtomicReferenceArray<Series> grown = new AtomicReferenceArray<>(old.length() * 2);
      for (int i = 0; i < old.length(); i++) {
        Series series = old.get(i);
        if (series != null) {
          insert(grown, series);
        }
      }
      table = grown;
    }
    LabelSet set = LabelSet.of(labels); // sorted, and an immutable copy unless it was one
    String[] names = new String[set.size()];
    String[] values = new String[set.size()];
    int i = 0;
    for (Map.Entry<String, String> label : set.entrySet()) {
      names[i] = label.getKey();
      values[i] = label.getValue();
      i++;
    }
    Series series =
        new Series(
            declared, key, kind, names, values, SeriesHash.series(key, set.seriesHashPart()), set);
    insert(table, series);
    size++;
    bytes += weight(series);
    return series;
  }

  /**
   * About how many bytes of heap a series takes: its encodings (JSON prefix and suffix, and its
   * binary definition, about as long as both), and the strings twice as much.
   */
  private static long weight(Series series) {
    return 128L + 4L * (series.prefix.length + series.suffix.length);
  }

  /** About how many bytes the series it holds take. */
  synchronized long bytes() {
    return bytes;
  }

  private static void insert(AtomicReferenceArray<Series> slots, Series series) {
    int mask = slots.length() - 1;
    int i = series.hash & mask;
    while (slots.get(i) != null) {
      i = (i + 1) & mask;
    }
    slots.set(i, series);
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
