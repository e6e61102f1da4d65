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
    LabelSet shared = sets.get(labels);
    if (shared != null) {
      return shared;
    }
    if (sets.size() >= maxSets) {
      sets.clear();
    }
    shared = sets.putIfAbsent(labels, labels);
    return shared != null ? shared : labels;
  }

  /** The shared instance equal to the metric name {@code name}; bounded as the label sets are. */
  String name(String name) {
    String shared = names.get(name);
    if (shared != null) {
      return shared;
    }
    if (names.size() >= maxSets) {
      names.clear();
    }
    shared = names.putIfAbsent(name, name);
    return shared != null ? shared : name;
  }

  /** How many sets it holds. */
  int size() {
    return sets.size();
  }
}
