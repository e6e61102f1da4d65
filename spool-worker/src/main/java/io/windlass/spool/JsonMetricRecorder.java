package io.windlass.spool;

import io.windlass.spool.internal.BatchWriter;
import io.windlass.spool.internal.MetricRules;
import io.windlass.spool.internal.SpoolStore;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The spool's {@link MetricRecorder} (Juju's {@code JSONMetricRecorder}): records one batch as a
 * data file of JSON metric lines and a metadata file, in Juju's layout. Made by {@link
 * SpoolDirectory#recorder}. Thread-safe.
 *
 * <p>Metrics are checked (see {@link MetricRecorder} for the rules), encoded and buffered; a large
 * batch is streamed to a hidden temporary file as it grows. {@link #close()} publishes it and
 * returns once it is durable; many recorders closing at once share directory syncs.
 */
public final class JsonMetricRecorder implements MetricRecorder {
  private final DeclaredMetrics declared;
  private final MetricMetadata metadata;
  private final BatchWriter writer; // guarded by this
  private boolean closed; // guarded by this

  JsonMetricRecorder(SpoolStore store, DeclaredMetrics declared, String charmUrl, String unitTag) {
    this.declared = declared;
    this.metadata = store.newBatch(charmUrl, unitTag);
    this.writer = new BatchWriter(store, metadata);
  }

  @Override
  public void addMetric(
      String key, String value, Instant created, @Nullable Map<String, String> labels)
      throws IOException {
    Map<String, String> checkedLabels = labels == null ? Map.of() : labels;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("recorder of batch " + metadata.uuid() + " is closed");
      }
      MetricRules.check(declared, metadata.charmUrl(), key, value, created, checkedLabels);
      writer.append(key, value, created, checkedLabels);
    }
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
