package io.windlass.spool;

import io.windlass.spool.internal.BatchWriter;
import io.windlass.spool.internal.SpoolStore;
import java.io.IOException;
import java.util.List;

/**
 * The spool's {@link MetricReader} (Juju's {@code JSONMetricReader}): reads batches in Juju's
 * layout, whoever wrote them, oldest first. Made by {@link SpoolDirectory#reader()}. Thread-safe.
 */
public final class JsonMetricReader implements MetricReader {
  private final SpoolStore store;
  private volatile boolean closed;

  JsonMetricReader(SpoolStore store) {
    this.store = store;
  }

  @Override
  public List<MetricBatch> read() throws IOException {
    checkOpen();
    return store.readAll();
  }

  @Override
  public BatchCursor oldestFirst(int maxBatches, long maxBytes) throws IOException {
    checkOpen();
    return store.cursor(maxBatches, maxBytes);
  }

  @Override
  public void remove(String uuid) throws IOException {
    checkOpen();
    store.remove(uuid);
  }

  @Override
  public boolean reject(String uuid, String reason) throws IOException {
    checkOpen();
    return store.reject(uuid, reason);
  }

  @Override
  public String rejectPart(MetricBatch batch, List<Metric> metrics, String reason)
      throws IOException {
    checkOpen();
    if (metrics.isEmpty() || reason == null) {
      throw new IllegalArgumentException("a part needs metrics and a reason");
    }
    MetricMetadata part =
        store.newBatch(batch.charmUrl(), batch.unitTag()).withFamilies(batch.families());
    BatchWriter writer = new BatchWriter(store, part);
    try {
      for (Metric metric : metrics) {
        writer.append(metric.key(), metric.value(), metric.time(), metric.labels());
      }
      writer.publish();
    } catch (IOException | RuntimeException e) {
      writer.discard();
      throw e;
    }
    store.reject(part.uuid(), reason);
    return part.uuid();
  }

  @Override
  public List<RejectedBatch> rejected() throws IOException {
    checkOpen();
    return store.rejected();
  }

  @Override
  public void close() {
    closed = true;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("reader of spool " + store.directory() + " is closed");
    }
  }
}
