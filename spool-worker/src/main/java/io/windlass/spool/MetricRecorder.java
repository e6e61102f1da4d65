package io.windlass.spool;

import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Records one batch of metrics (Juju's {@code MetricRecorder}). Metrics are checked as they are
 * added and buffered; {@link #close()} publishes the batch and returns only once it is durable.
 * Nothing of the batch is visible to readers before then, and a batch with no metrics is never
 * published. Thread-safe.
 *
 * <p>The rules a metric must pass, each failure a {@link MetricsDataException} with a specific
 * message that leaves the batch as it was:
 *
 * <ul>
 *   <li><b>key</b>: 1 to 255 characters, a letter or {@code _} then letters, digits, {@code _},
 *       {@code .}, {@code :} or {@code -}; and declared (see {@link DeclaredMetrics}).
 *   <li><b>value</b>: at most 30 characters (as in Juju); a decimal number {@code
 *       [+-]?(d+[.d*]|.d+)([eE][+-]?d+)?} that is finite ({@code NaN}, {@code Inf}, {@code 1e999}
 *       are refused); >= 0 unless the key is a {@link MetricKind#GAUGE}.
 *   <li><b>time</b>: present, in years 0000 to 9999 (what RFC 3339 can write).
 *   <li><b>labels</b>: at most 32; names are Prometheus label names (a letter or {@code _} then
 *       letters, digits or {@code _}, at most 128 characters, not starting with {@code __}); values
 *       are at most 1024 characters of well-formed UTF-16 (any character but NUL, which backends
 *       cannot take, escaped in JSON).
 * </ul>
 */
public interface MetricRecorder extends Closeable {
  /**
   * Adds a metric to the batch.
   *
   * @param labels label names to values; null or empty for none
   * @throws MetricsDataException the metric breaks a rule; the batch is unchanged
   * @throws SpoolFullException the spool is full and refuses new data ({@link
   *     OverflowPolicy#REJECT_NEW}); the batch is unchanged
   * @throws BatchTooLargeException the batch would exceed {@link SpoolOptions#maxBatchBytes()}
   * @throws IllegalStateException the recorder is closed
   */
  void addMetric(String key, String value, Instant created, @Nullable Map<String, String> labels)
      throws IOException;

  /**
   * A handle for adding many samples of the series {@code key} with {@code labels} to this batch:
   * each of its {@link SeriesRecorder#add} is {@code addMetric(key, value, created, labels)},
   * cheaper. Nothing is checked or added until the first sample. The caller does not change {@code
   * labels} afterwards.
   *
   * <p>The default adds through {@link #addMetric}.
   *
   * @param labels label names to values; null or empty for none
   */
  default SeriesRecorder series(String key, @Nullable Map<String, String> labels) {
    return (value, created) -> addMetric(key, value, created, labels);
  }

  /**
   * Says what the batch's metric family {@code family.name()} is: its type, help and unit, kept
   * with the batch (in its metadata file, durable with it) for backends and re-exposition. A later
   * description of the same family replaces the earlier one. Never fails for what it is told: past
   * {@value MetricMetadata#MAX_FAMILIES} families a batch keeps the first ones, and families whose
   * descriptions would take the metadata file past its bound ({@link
   * io.windlass.spool.internal.SpoolEntries#MAX_META_BYTES}) are left out when it is published.
   * Families need not be declared nor have samples in the batch.
   *
   * <p>The default keeps nothing.
   *
   * @throws IllegalStateException the recorder is closed
   */
  default void describe(MetricFamily family) {}

  /** Whether {@code key} is declared, so {@link #addMetric} would accept it by name. */
  boolean isDeclaredMetric(String key);

  /**
   * Publishes the batch and returns once it is durable: its files and the directory entries naming
   * them are on stable storage, so the whole batch survives a crash. An empty batch is simply
   * discarded. Closing again does nothing. If close throws, the batch was not published (unless the
   * final directory sync failed, which the exception says); it is not retried.
   *
   * @throws SpoolFullException the spool is full and refuses the batch ({@link
   *     OverflowPolicy#REJECT_NEW})
   */
  @Override
  void close() throws IOException;

  /**
   * Moves what the recorder buffers in memory to the batch's temporary file, so that an open batch
   * that gets no samples for a while holds no memory: for a writer that keeps many batches open
   * until it publishes them together. Publishes nothing; later samples are added as before.
   *
   * <p>The default does nothing.
   *
   * @throws IOException writing failed; the batch is lost, as after a failed {@link #addMetric}
   */
  default void flush() throws IOException {}

  /**
   * Abandons the batch: nothing of it is published, and what it holds (buffers, a temporary file)
   * is released now rather than by the spool's housekeeping. For a writer that finds, part way
   * through, that the batch must not be stored (a request with a bad line). The recorder is closed
   * afterwards; discarding a closed recorder does nothing.
   *
   * <p>The default does nothing but leave the recorder unclosed, which publishes nothing either.
   */
  default void discard() {}
}
