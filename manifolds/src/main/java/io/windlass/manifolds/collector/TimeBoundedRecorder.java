package io.windlass.manifolds.collector;

import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricRecorder;
import io.windlass.spool.MetricsDataException;
import io.windlass.spool.ingest.SampleTimeBounds;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A recorder that refuses samples stamped out of {@link SampleTimeBounds} of a clock, as the HTTP
 * pushes and {@code ingest.sock} do: a scraped target or an {@code exec} command can stamp its
 * samples as it likes, and one sample in the year 5000 would make Prometheus refuse every later
 * one. The pipeline counts a refused sample as rejected and writes the rest of its batch.
 */
final class TimeBoundedRecorder implements MetricRecorder {
  private final MetricRecorder delegate;
  private final SampleTimeBounds bounds;
  private final Instant now;

  /** Checks against {@code clock}'s time now: a batch is written at once. */
  TimeBoundedRecorder(MetricRecorder delegate, SampleTimeBounds bounds, Clock clock) {
    this.delegate = delegate;
    this.bounds = bounds;
    this.now = clock.instant();
  }

  @Override
  public void addMetric(
      String key, String value, Instant created, @Nullable Map<String, String> labels)
      throws IOException {
    String problem = created == null ? null : bounds.problem(created, now);
    if (problem != null) {
      throw new MetricsDataException("metric \"" + key + "\" " + problem);
    }
    delegate.addMetric(key, value, created, labels);
  }

  @Override
  public void describe(MetricFamily family) {
    delegate.describe(family);
  }

  @Override
  public boolean isDeclaredMetric(String key) {
    return delegate.isDeclaredMetric(key);
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  @Override
  public void discard() {
    delegate.discard();
  }
}
