package io.windlass.spool.ingest.http;

import io.windlass.spool.BatchFormat;
import io.windlass.spool.BatchTooLargeException;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricFactory;
import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricMetadata;
import io.windlass.spool.MetricRecorder;
import io.windlass.spool.SeriesRecorder;
import io.windlass.spool.ingest.format.PushParser;
import io.windlass.spool.ingest.format.PushSeries;
import io.windlass.spool.ingest.format.SampleSink;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The spool batches of one pushed request, written in the {@link BatchFormat} given: samples go
 * into one recorder, and into another once it holds {@value #MAX_SAMPLES_PER_BATCH} samples or is
 * full ({@link BatchTooLargeException}), so that no batch is too large for a reader to hold.
 * Nothing is published until {@link #commit()}, which closes every recorder in turn and returns
 * once all are durable; {@link #discard()} drops them all, so a refused request leaves nothing in
 * the spool. Not thread-safe; one per request.
 *
 * <p>Memory does not grow with the request: a batch that is done with is flushed to its temporary
 * file ({@link MetricRecorder#flush()}), and at most {@value #MAX_BOUND_SERIES} series hold a
 * handle into the current batch at a time (past that, all let go of theirs and take new ones as
 * their samples come), so a request of any number of series holds a bounded number of objects here.
 *
 * <p>The families the body describes ({@link #describe}) go with every batch of the request, the
 * first {@link MetricMetadata#MAX_FAMILIES} of them.
 */
final class RequestBatches implements SampleSink {

  /** The most samples in one spool batch. */
  static final int MAX_SAMPLES_PER_BATCH = 100_000;

  /**
   * The most series holding a handle into the request's current batch at once: twice what a
   * parser's cache holds, so the series of a warm pusher keep theirs.
   */
  static final int MAX_BOUND_SERIES = 2 * PushParser.MAX_CACHED_SERIES;

  private final MetricFactory spool;
  private final DeclaredMetrics declared;
  private final String charmUrl;
  private final String unitTag;
  private final int maxSamplesPerBatch;
  private final BatchFormat format;
  private final List<MetricRecorder> recorders = new ArrayList<>();
  private final List<PushSeries> bound = new ArrayList<>();
  private final Map<String, MetricFamily> families = new LinkedHashMap<>();
  private @Nullable MetricRecorder current;
  private int inCurrent;
  private long samples;
  private int committed;

  RequestBatches(
      MetricFactory spool,
      DeclaredMetrics declared,
      String charmUrl,
      String unitTag,
      BatchFormat format) {
    this(spool, declared, charmUrl, unitTag, format, MAX_SAMPLES_PER_BATCH);
  }

  RequestBatches(
      MetricFactory spool,
      DeclaredMetrics declared,
      String charmUrl,
      String unitTag,
      BatchFormat format,
      int maxSamplesPerBatch) {
    this.spool = spool;
    this.format = format;
    this.declared = declared;
    this.charmUrl = charmUrl;
    this.unitTag = unitTag;
    this.maxSamplesPerBatch = maxSamplesPerBatch;
  }

  @Override
  public void add(String key, String value, Instant time, Map<String, String> labels)
      throws IOException {
    MetricRecorder recorder = current;
    if (recorder == null || inCurrent >= maxSamplesPerBatch) {
      recorder = next();
    }
    try {
      recorder.addMetric(key, value, time, labels);
    } catch (BatchTooLargeException e) {
      if (inCurrent == 0) {
        throw e;
      }
      recorder = next();
      recorder.addMetric(key, value, time, labels);
    }
    inCurrent++;
    samples++;
  }

  @Override
  public void add(PushSeries series, String value, Instant time) throws IOException {
    try {
      handle(series, currentRecorder()).add(value, time);
    } catch (BatchTooLargeException e) {
      handle(series, nextAfter(e)).add(value, time);
    }
    added();
  }

  @Override
  public void add(PushSeries series, double value, Instant time) throws IOException {
    try {
      handle(series, currentRecorder()).add(value, time);
    } catch (BatchTooLargeException e) {
      handle(series, nextAfter(e)).add(value, time);
    }
    added();
  }

  @Override
  public void add(PushSeries series, byte[] text, int start, int end, Instant time)
      throws IOException {
    try {
      handle(series, currentRecorder()).add(text, start, end, time);
    } catch (BatchTooLargeException e) {
      handle(series, nextAfter(e)).add(text, start, end, time);
    }
    added();
  }

  @Override
  public void describe(MetricFamily family) {
    MetricFamily earlier = families.get(family.name());
    if (earlier != null) {
      families.put(family.name(), earlier.updatedBy(family));
    } else if (families.size() < MetricMetadata.MAX_FAMILIES) {
      families.put(family.name(), family);
    }
  }

  /** The families described so far; for tests. */
  List<MetricFamily> families() {
    return List.copyOf(families.values());
  }

  /** The recorder the next sample goes into: another once this one holds enough. */
  private MetricRecorder currentRecorder() throws IOException {
    MetricRecorder recorder = current;
    return recorder == null || inCurrent >= maxSamplesPerBatch ? next() : recorder;
  }

  /**
   * The next recorder, as the current one refused a sample ({@code e}); rethrows if it was empty.
   */
  private MetricRecorder nextAfter(BatchTooLargeException e) throws IOException {
    if (inCurrent == 0) {
      throw e;
    }
    return next();
  }

  private void added() {
    inCurrent++;
    samples++;
  }

  /** The handle of {@code series} in {@code recorder}, made at its first sample there. */
  private SeriesRecorder handle(PushSeries series, MetricRecorder recorder) {
    SeriesRecorder handle = series.handle();
    if (series.boundTo() != recorder || handle == null) {
      if (series.boundTo() == null) {
        if (bound.size() >= MAX_BOUND_SERIES) {
          unbind();
        }
        bound.add(series);
      }
      handle = recorder.series(series.name(), series.labels());
      series.bind(recorder, handle);
    }
    return handle;
  }

  /** Lets go of the handles, so no series keeps a batch of this request. */
  private void unbind() {
    for (PushSeries series : bound) {
      series.unbind();
    }
    bound.clear();
  }

  private MetricRecorder next() throws IOException {
    MetricRecorder done = current;
    if (done != null) {
      // Its series' handles are of no more use, and its buffered lines can wait on disk.
      unbind();
      done.flush();
    }
    MetricRecorder recorder = spool.recorder(declared, charmUrl, unitTag, format);
    recorders.add(recorder);
    current = recorder;
    inCurrent = 0;
    return recorder;
  }

  /** Series holding a handle into the current batch; at most {@link #MAX_BOUND_SERIES}. */
  int boundSeries() {
    return bound.size();
  }

  /** Samples added. */
  long samples() {
    return samples;
  }

  /** Batches holding them. */
  int batches() {
    return recorders.size();
  }

  /** Batches published by {@link #commit()}, even if it failed part way. */
  int committed() {
    return committed;
  }

  /**
   * Publishes every batch, in order, each durable when its close returns. If one fails, the rest
   * are discarded and the failure thrown; the batches before it stay published ({@link
   * #committed()} says how many).
   */
  void commit() throws IOException {
    unbind();
    for (MetricRecorder recorder : recorders) {
      try {
        for (MetricFamily family : families.values()) {
          recorder.describe(family);
        }
        recorder.close();
      } catch (IOException | RuntimeException e) {
        discard();
        throw e;
      }
      committed++;
    }
    current = null;
  }

  /** Drops every batch not yet published. */
  void discard() {
    unbind();
    for (int i = committed; i < recorders.size(); i++) {
      recorders.get(i).discard();
    }
    current = null;
  }
}
