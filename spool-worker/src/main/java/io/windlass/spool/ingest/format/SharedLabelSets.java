package io.windlass.spool.ingest.format;

import io.windlass.spool.LabelSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One {@link LabelSet} instance per distinct set of labels, and one string per metric name, across
 * all push parsers: each parser reads a series' labels once, and takes the instance another parser
 * made for them, so the spool and the views teed off it, which recognize a series by its label
 * set's reference, see one instance per series whichever parser read a request. Bounded: holding
 * {@code maxSets}, or label text of about {@code maxBytes}, it starts over empty (a parser's later
 * new series then get new instances). Thread-safe.
 */
final class SharedLabelSets {

  /** The most label sets kept by default: what the pooled parsers' caches can hold. */
  static final int DEFAULT_MAX_SETS = 16_384;

  /** The most bytes of label sets (and names) kept by default, as {@link #weight} counts them. */
  static final long DEFAULT_MAX_BYTES = 8L * 1024 * 1024;

  private final int maxSets;
  private final long maxBytes;
  private final AtomicLong bytes = new AtomicLong();
  private final ConcurrentHashMap<LabelSet, LabelSet> sets = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> names = new ConcurrentHashMap<>();

  SharedLabelSets() {
    this(DEFAULT_MAX_SETS, DEFAULT_MAX_BYTES);
  }

  SharedLabelSets(int maxSets) {
    this(maxSets, DEFAULT_MAX_BYTES);
  }

  SharedLabelSets(int maxSets, long maxBytes) {
    this.maxSets = maxSets;
    this.maxBytes = maxBytes;
  }

  /** The shared instance equal to {@code labels}. */
  LabelSet canonical(LabelSet labels) {
    return shared(sets, labels, weight(labels));
  }

  /** The shared instance equal to the metric name {@code name}; bounded as the label sets are. */
  String name(String name) {
    return shared(names, name, 40L + name.length());
  }

  /** The instance of {@code shared} equal to {@code value}, which becomes it if there is none. */
  private <T> T shared(ConcurrentHashMap<T, T> shared, T value, long weight) {
    T known = shared.get(value);
    if (known != null) {
      return known;
    }
    if (shared.size() >= maxSets || bytes.get() + weight > maxBytes) {
      // Both start over: the byte count is shared.
      sets.clear();
      names.clear();
      bytes.set(0);
    }
    known = shared.putIfAbsent(value, value);
    if (known != null) {
      return known;
    }
    bytes.addAndGet(weight);
    return value;
  }

  /** About how many bytes of heap {@code labels} takes: its objects and its strings' text. */
  static long weight(Map<String, String> labels) {
    long weight = 64;
    for (Map.Entry<String, String> label : labels.entrySet()) {
      weight += 96 + label.getKey().length() + label.getValue().length();
    }
    return weight;
  }

  /** About how many bytes the sets and names it holds take ({@link #weight}). */
  long bytes() {
    return bytes.get();
  }

  /** How many sets it holds. */
  int size() {
    return sets.size();
  }
}
