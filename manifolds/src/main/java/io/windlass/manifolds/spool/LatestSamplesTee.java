package io.windlass.manifolds.spool;

import io.windlass.spool.BatchFormat;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricFactory;
import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricReader;
import io.windlass.spool.MetricRecorder;
import io.windlass.spool.SeriesRecorder;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The spool as the {@code spool} manifold exposes it: every recorder it makes also notes its
 * metrics for {@link LatestSamples}, which takes them in once the batch is durable. Readers are the
 * spool's own.
 */
final class LatestSamplesTee implements MetricFactory {
  private final MetricFactory spool;
  private final LatestSamples view;

  LatestSamplesTee(MetricFactory spool, LatestSamples view) {
    this.spool = spool;
    this.view = view;
  }

  /** The spool behind the tee. */
  MetricFactory spool() {
    return spool;
  }

  @Override
  public MetricRecorder recorder(DeclaredMetrics declared, String charmUrl, String unitTag)
      throws IOException {
    return new TeeRecorder(
        spool.recorder(declared, charmUrl, unitTag), view.newBatch(declared, charmUrl));
  }

  @Override
  public MetricRecorder recorder(
      DeclaredMetrics declared, String charmUrl, String unitTag, BatchFormat format)
      throws IOException {
    return new TeeRecorder(
        spool.recorder(declared, charmUrl, unitTag, format), view.newBatch(declared, charmUrl));
  }

  @Override
  public MetricReader reader() throws IOException {
    return spool.reader();
  }

  @Override
  public Runnable onPublished(LongConsumer listener) {
    return spool.onPublished(listener);
  }

  @Override
  public String toString() {
    return spool.toString();
  }

  private static final class TeeRecorder implements MetricRecorder {
    private final MetricRecorder recorder;
    private final LatestSamples.Batch batch;

    TeeRecorder(MetricRecorder recorder, LatestSamples.Batch batch) {
      this.recorder = recorder;
      this.batch = batch;
    }

    @Override
    public void addMetric(
        String key, String value, Instant created, @Nullable Map<String, String> labels)
        throws IOException {
      recorder.addMetric(key, value, created, labels);
      batch.add(key, value, created, labels);
    }

    @Override
    public SeriesRecorder series(String key, @Nullable Map<String, String> labels) {
      return batch.series(key, labels, recorder.series(key, labels));
    }

    @Override
    public void describe(MetricFamily family) {
      recorder.describe(family);
      batch.describe(family);
    }

    @Override
    public boolean isDeclaredMetric(String key) {
      return recorder.isDeclaredMetric(key);
    }

    @Override
    public void close() throws IOException {
      recorder.close();
      batch.publish();
    }

    @Override
    public void flush() throws IOException {
      recorder.flush();
    }

    @Override
    public void discard() {
      batch.discard();
      recorder.discard();
    }

    @Override
    public String toString() {
      return recorder.toString();
    }
  }
}
