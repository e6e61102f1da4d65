package io.windlass.spool;

import io.windlass.spool.internal.BatchWriter;
import io.windlass.spool.internal.MetricRules;
import io.windlass.spool.internal.SeriesTable;
import io.windlass.spool.internal.SpoolStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The spool's {@link MetricRecorder} (Juju's {@code JSONMetricRecorder}): records one batch as a
 * data file of JSON metric lines and a metadata file, in Juju's layout; or, made for {@link
 * BatchFormat#BINARY}, the data file in the spool's compact binary form, which every reader of the
 * spool reads back as the same metrics. Made by {@link SpoolDirectory#recorder}. Thread-safe.
 *
 * <p>Metrics are checked (see {@link MetricRecorder} for the rules), encoded and buffered; a large
 * batch is streamed to a hidden temporary file as it grows. The spool's recorders remember the
 * series (key and labels) they have checked and encoded, up to {@value #MAX_REMEMBERED_SERIES} of
 * them, so a sample of a series seen before has only its value and time checked and encoded. {@link
 * #close()} publishes it and returns once it is durable; many recorders closing at once share
 * directory syncs.
 */
public final class JsonMetricRecorder implements MetricRecorder {
  private final DeclaredMetrics declared;
  private final MetricMetadata metadata;

  /** The most series a spool remembers checked and encoded; past it, it starts over. */
  static final int MAX_REMEMBERED_SERIES = 10_000;

  private final BatchWriter writer; // guarded by this
  private boolean closed; // guarded by this
  private final SeriesTable seriesSeen;

  JsonMetricRecorder(
      SpoolStore store,
      SeriesTable seriesSeen,
      DeclaredMetrics declared,
      String charmUrl,
      String unitTag,
      BatchFormat format) {
    this.seriesSeen = seriesSeen;
    this.declared = declared;
    this.metadata = store.newBatch(charmUrl, unitTag);
    this.writer = new BatchWriter(store, metadata, format);
  }

  @Override
  public void addMetric(
      String key, String value, Instant created, @Nullable Map<String, String> labels)
      throws IOException {
    Map<String, String> checkedLabels = labels == null ? Map.of() : labels;
    synchronized (this) {
      checkOpen();
      add(findSeries(key, value, created, checkedLabels), value, created);
    }
  }

  /**
   * The series of a metric, checked with its first sample if the spool has not seen it; {@code
   * value} and {@code created} still to be checked and added if it had.
   */
  private SeriesTable.Series findSeries(
      String key, String value, Instant created, Map<String, String> labels)
      throws MetricsDataException {
    SeriesTable.Series series = seriesSeen.get(declared, key, labels);
    if (series == null) {
      MetricKind kind =
          MetricRules.check(declared, metadata.charmUrl(), key, value, created, labels);
      series = seriesSeen.put(declared, key, labels, kind);
    }
    return series;
  }

  /** Throws if the recorder is closed. Holding this. */
  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("recorder of batch " + metadata.uuid() + " is closed");
    }
  }

  /** Checks and appends a sample of {@code series}. Holding this. */
  private void add(SeriesTable.Series series, String value, Instant created) throws IOException {
    checkOpen();
    MetricRules.checkSample(
        series.key(), series.kind(), declared.allowsNonFinite(), value, created);
    writer.append(series, value, created);
  }

  /** A handle that finds its series in the spool's table once, with its first sample. */
  @Override
  public SeriesRecorder series(String key, @Nullable Map<String, String> labels) {
    Map<String, String> checkedLabels = labels == null ? Map.of() : labels;
    return new SeriesRecorder() {
      private SeriesTable.@Nullable Series series;

      @Override
      public void add(String value, Instant created) throws IOException {
        synchronized (JsonMetricRecorder.this) {
          SeriesTable.Series known = series;
          if (known == null) {
            checkOpen();
            known = findSeries(key, value, created, checkedLabels);
            JsonMetricRecorder.this.add(known, value, created);
            series = known;
          } else {
            JsonMetricRecorder.this.add(known, value, created);
          }
        }
      }

      @Override
      public void add(byte[] text, int start, int end, Instant created) throws IOException {
        synchronized (JsonMetricRecorder.this) {
          SeriesTable.Series known = checkedSeries();
          if (known != null
              && !closed
              && MetricRules.isPlainValue(known.kind(), text, start, end)
              && MetricRules.isWritableTime(created)) {
            writer.append(known, text, start, end, created);
            return;
          }
        }
        add(new String(text, start, end - start, StandardCharsets.ISO_8859_1), created);
      }

      @Override
      public void add(double value, Instant created) throws IOException {
        synchronized (JsonMetricRecorder.this) {
          SeriesTable.Series known = checkedSeries();
          // A finite value's text is always a plain decimal; only its sign may break a rule.
          if (known != null
              && !closed
              && Double.isFinite(value)
              && (value >= 0 || known.kind().allowsNegative())
              && MetricRules.isWritableTime(created)) {
            writer.append(known, value, created);
            return;
          }
        }
        add(MetricValues.text(value), created);
      }

      /**
       * The handle's series, found in the spool's table if it was checked before (in this batch or
       * another): then even its first sample here needs only its value and time checked, without
       * being made a string. Null for a series not checked yet, whose first sample checks it.
       * Holding the recorder's lock.
       */
      private SeriesTable.@Nullable Series checkedSeries() {
        SeriesTable.Series known = series;
        if (known == null && !closed) {
          known = series = seriesSeen.get(declared, key, checkedLabels);
        }
        return known;
      }
    };
  }

  @Override
  public synchronized void describe(MetricFamily family) {
    checkOpen();
    writer.describe(family);
  }

  @Override
  public boolean isDeclaredMetric(String key) {
    return declared.isDeclared(key);
  }

  @Override
  public void close() throws IOException {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    writer.publish();
  }

  @Override
  public synchronized void flush() throws IOException {
    if (!closed) {
      writer.flush();
    }
  }

  @Override
  public void discard() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      writer.discard();
    }
  }

  /** The batch's uuid, which names its files. */
  public String uuid() {
    return metadata.uuid();
  }

  /** When the batch was started. */
  public Instant created() {
    return metadata.created();
  }

  /** The batch's metadata. */
  public MetricMetadata metadata() {
    return metadata;
  }

  /** How many metrics have been added. */
  public synchronized int metricCount() {
    return writer.metrics();
  }
}
