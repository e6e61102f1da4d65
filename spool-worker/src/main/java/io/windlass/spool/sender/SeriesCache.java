package io.windlass.spool.sender;

import io.windlass.spool.Metric;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.internal.MetricColumns;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The series of the metrics the encoder has seen, so that the naming rules and the label encoding
 * run once per series rather than once per sample. A metric's series depends on the batch's unit
 * tag and charm URL, and the metric's key and labels.
 *
 * <p>Each distinct series (by encoded labels) is one {@link SeriesLabels}, numbered from 0 up, so
 * that metrics of one series, even of keys or labels that differ before sanitising, get the very
 * same object. They are found two ways:
 *
 * <ul>
 *   <li>By position: a source's batches usually list the same series in the same order, and the
 *       spool's reader gives the same key and label map objects for the same text from batch to
 *       batch. So the cache keeps, per source, the keys and label maps of its last batch and their
 *       series; a metric whose key and labels are the very objects at its position in that batch
 *       has that series. No hashing, no comparing of text.
 *   <li>By value, in a hash map, for the others.
 * </ul>
 *
 * <p>Each series' shard, of the cache's {@code shards}, is worked out once, when the series is
 * first seen ({@link SeriesLabels#shardOf}), and kept in its object.
 *
 * <p>Numbers and objects hold until {@link #trim()} finds the cache past {@value #MAX_ENTRIES}
 * series (or last batches of that many metrics in all) and empties it; the encoder trims between
 * encodings only. A sender with more series than that pays for its labels once per sample and
 * encoding, as if there were no cache. Not thread-safe: its owner guards it.
 */
final class SeriesCache {
  /** The most series kept from one encoding to the next, and the most metrics of last batches. */
  static final int MAX_ENTRIES = 16_384;

  /**
   * A source's last batch: its metrics (an immutable list, whose keys and labels are compared by
   * identity), and their series, by position.
   */
  private record LastBatch(List<Metric> metrics, SeriesLabels[] series) {}

  /** A batch's source. */
  private record Source(String unitTag, String charmUrl) {}

  private final int shards;
  private final Map<Key, SeriesLabels> byMetric = new HashMap<>();
  private final Map<ByteBuffer, SeriesLabels> byLabels = new HashMap<>();
  private final Map<Source, LastBatch> lastBatches = new HashMap<>();
  private int lastBatchMetrics;

  /** A cache whose series fall into {@code shards} shards. */
  SeriesCache(int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards " + shards + " must be >= 1");
    }
    this.shards = shards;
  }

  /** How many shards its series fall into. */
  int shards() {
    return shards;
  }

  /**
   * Sets {@code out[i]} to the series of {@code batch}'s metric {@code i}.
   *
   * @param out an array at least as long as the batch
   */
  void labels(MetricBatch batch, SeriesLabels[] out) {
    List<Metric> metrics = batch.metrics();
    int n = metrics.size();
    Source source = new Source(batch.unitTag(), batch.charmUrl());
    LastBatch last = lastBatches.get(source);
    int known = last == null ? 0 : Math.min(n, last.series.length);
    for (int i = 0; i < n; i++) {
      String key = keyAt(metrics, i);
      Map<String, String> labels = labelsAt(metrics, i);
      if (i < known && keyAt(last.metrics, i) == key && labelsAt(last.metrics, i) == labels) {
        out[i] = last.series[i];
      } else {
        out[i] = labels(batch.unitTag(), batch.charmUrl(), key, labels);
      }
    }
    if (last != null) {
      lastBatchMetrics -= last.series.length;
    }
    lastBatches.put(source, new LastBatch(metrics, Arrays.copyOf(out, n)));
    lastBatchMetrics += n;
  }

  /** The key of metric {@code i}, read from columns without making the metric. */
  private static String keyAt(List<Metric> metrics, int i) {
    return metrics instanceof MetricColumns columns ? columns.key(i) : metrics.get(i).key();
  }

  /** The labels of metric {@code i}, read from columns without making the metric. */
  private static Map<String, String> labelsAt(List<Metric> metrics, int i) {
    return metrics instanceof MetricColumns columns ? columns.labels(i) : metrics.get(i).labels();
  }

  /** How many series there are: their numbers are 0 to this, excluded. */
  int size() {
    return byLabels.size();
  }

  /** Empties the cache if it holds more than {@value #MAX_ENTRIES} series or last metrics. */
  void trim() {
    if (byLabels.size() > MAX_ENTRIES
        || byMetric.size() > MAX_ENTRIES
        || lastBatchMetrics > MAX_ENTRIES) {
      byMetric.clear();
      byLabels.clear();
      lastBatches.clear();
      lastBatchMetrics = 0;
    }
  }

  /**
   * The series of a metric of {@code key} and {@code labels} from {@code unitTag} and {@code
   * charmUrl}.
   */
  private SeriesLabels labels(
      String unitTag, String charmUrl, String metricKey, Map<String, String> labels) {
    Key key = new Key(unitTag, charmUrl, metricKey, labels);
    SeriesLabels known = byMetric.get(key);
    if (known == null) {
      ByteBuffer encoded =
          ByteBuffer.wrap(SeriesLabels.encode(unitTag, charmUrl, metricKey, labels));
      known = byLabels.get(encoded);
      if (known == null) {
        byte[] bytes = encoded.array();
        known = new SeriesLabels(bytes, byLabels.size(), SeriesLabels.shardOf(bytes, shards));
        byLabels.put(encoded, known);
      }
      byMetric.put(key, known);
    }
    return known;
  }

  /**
   * What a series depends on. A metric's labels are sorted by name ({@link Metric#labels()}), so
   * two label maps are equal when their entries are, in order: compared that way, without the
   * lookups of {@link Map#equals}.
   */
  private static final class Key {
    final String unitTag;
    final String charmUrl;
    final String key;
    final Map<String, String> labels;
    final int hash;

    Key(String unitTag, String charmUrl, String key, Map<String, String> labels) {
      this.unitTag = unitTag;
      this.charmUrl = charmUrl;
      this.key = key;
      this.labels = labels;
      int h = (unitTag.hashCode() * 31 + charmUrl.hashCode()) * 31 + key.hashCode();
      for (Map.Entry<String, String> label : labels.entrySet()) {
        h = (h * 31 + label.getKey().hashCode()) * 31 + label.getValue().hashCode();
      }
      this.hash = h;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Key other
          && hash == other.hash
          && key.equals(other.key)
          && unitTag.equals(other.unitTag)
          && charmUrl.equals(other.charmUrl)
          && sameEntries(labels, other.labels);
    }

    private static boolean sameEntries(Map<String, String> a, Map<String, String> b) {
      if (a == b) {
        return true;
      }
      if (a.size() != b.size()) {
        return false;
      }
      Iterator<Map.Entry<String, String>> others = b.entrySet().iterator();
      for (Map.Entry<String, String> label : a.entrySet()) {
        Map.Entry<String, String> other = others.next();
        if (!label.getKey().equals(other.getKey()) || !label.getValue().equals(other.getValue())) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
