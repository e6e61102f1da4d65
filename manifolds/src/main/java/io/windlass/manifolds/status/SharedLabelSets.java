package io.windlass.manifolds.status;

import io.windlass.spool.LabelSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link LabelSet} instance per distinct set of labels, and one string per metric name, across
 * all push parsers: each parser reads a series' labels once, and takes the instance another parser
 * made for them, so the spool and the views teed off it, which recognize a series by its label
 * set's reference, see one instance per series whichever parser read a request. Bounded: holding
 * {@code maxSets}, it starts over empty (a parser's later new series then get new instances).
 * Thread-safe.
 */
final class SharedLabelSets {

  /** The most label sets kept by default. */
  static final int DEFAULT_MAX_SETS = 100_000;

  private final int maxSets;
  private final ConcurrentHashMap<LabelSet, LabelSet> sets = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> names = new ConcurrentHashMap<>();

  SharedLabelSets() {
    this(DEFAULT_MAX_SETS);
  }

  SharedLabelSets(int maxSets) {
    this.maxSets = maxSets;
  }

  /** The shared instance equal to {@code labels}. */
  LabelSet canonical(LabelSet labels) {
    return shared(sets, labels);
  }

  /** The shared instance equal to the metric name {@code name}; bounded as the label sets are. */
  String name(String name) {
    return shared(names, name);
  }

  /** The instance of {@code shared} equal to {@code value}, which becomes it if there is none. */
  private <T> T shared(ConcurrentHashMap<T, T> shared, T value) {
    T known = shared.get(value);
    if (known != null) {
      return known;
    }
    if (shared.size() >= maxSets) {
      shared.clear();
    }
    known = shared.putIfAbsent(value, value);
    return known != null ? known : value;
  }

  /** How many sets it holds. */
  int size() {
    return sets.size();
  }
}
