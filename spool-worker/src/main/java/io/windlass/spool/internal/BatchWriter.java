package io.windlass.spool.internal;

import io.windlass.spool.BatchTooLargeException;
import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricMetadata;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The write side of one batch behind {@link io.windlass.spool.JsonMetricRecorder}: encodes checked
 * metrics into a pooled buffer, writes the buffer to a hidden temporary file whenever it reaches
 * {@link SpoolStore#SPILL_BYTES} (so a batch of any size holds little memory), and hands the rest
 * to {@link SpoolStore#publish}. Not thread-safe: the recorder guards it.
 */
public final class BatchWriter {
  private final SpoolStore store;
  private final MetricMetadata metadata;
  private @Nullable LineBuffer buffer;
  private @Nullable TempFile spill;
  private int metrics;
  private final Map<String, MetricFamily> families = new LinkedHashMap<>();
  private @Nullable IOException failure;
  private boolean finished;

  /** A writer for the batch {@code metadata} describes. */
  public BatchWriter(SpoolStore store, MetricMetadata metadata) {
    this.store = store;
    this.metadata = metadata;
  }

  /**
   * Appends a metric the caller has checked.
   *
   * @throws BatchTooLargeException the batch would exceed max-batch-bytes; nothing was appended
   * @throws io.windlass.spool.SpoolFullException the spool refuses new data; nothing was appended
   * @throws IOException writing to the temporary file failed; the batch is lost
   */
  public void append(String key, String value, Instant time, Map<String, String> labels)
      throws IOException {
    LineBuffer lines = lines();
    int mark = lines.length();
    MetricLineEncoder.appendMetric(lines, key, value, time, labels);
    appended(lines, mark, key);
  }

  /**
   * Appends a sample of a series the caller has checked and encoded once ({@link
   * MetricLineEncoder#seriesPrefix}, {@link MetricLineEncoder#seriesSuffix}), with its encoded
   * time; the same bytes and the same failures as {@link #append(String, String, Instant, Map)}.
   */
  public void append(String key, byte[] prefix, String value, byte[] time, byte[] suffix)
      throws IOException {
    LineBuffer lines = lines();
    int mark = lines.length();
    MetricLineEncoder.appendSample(lines, prefix, value, time, suffix);
    appended(lines, mark, key);
  }

  /**
   * As {@link #append(String, byte[], String, byte[], byte[])}, the value being the text {@code
   * [start, end)} of {@code value}, a decimal number in ASCII.
   */
  public void append(
      String key, byte[] prefix, byte[] value, int start, int end, byte[] time, byte[] suffix)
      throws IOException {
    LineBuffer lines = lines();
    int mark = lines.length();
    MetricLineEncoder.appendSample(lines, prefix, value, start, end, time, suffix);
    appended(lines, mark, key);
  }

  /**
   * As {@link #append(String, byte[], String, byte[], byte[])}, the value being {@code value}'s
   * text ({@link io.windlass.spool.MetricValues#formatTo}), finite.
   */
  public void append(String key, byte[] prefix, double value, byte[] time, byte[] suffix)
      throws IOException {
    LineBuffer lines = lines();
    int mark = lines.length();
    MetricLineEncoder.appendSample(lines, prefix, value, time, suffix);
    appended(lines, mark, key);
  }

  private LineBuffer lines() throws IOException {
    if (failure != null) {
      throw new IOException("batch " + metadata.uuid() + " failed earlier", failure);
    }
    LineBuffer lines = buffer;
    if (lines == null) {
      lines = buffer = store.takeBuffer();
    }
    return lines;
  }

  /** Checks the bounds after a line was appended at {@code mark}, and spills if due. */
  private void appended(LineBuffer lines, int mark, String key) throws IOException {
    long total = spilled() + lines.length();
    try {
      if (total > store.options().maxBatchBytes()) {
        throw new BatchTooLargeException(
            "batch "
                + metadata.uuid()
                + " would hold "
                + total
                + " bytes with metric \""
                + key
                + "\"; max-batch-bytes is "
                + store.options().maxBatchBytes()
                + ": close it and record the rest in another batch");
      }
      store.checkRoom(metadata.uuid(), total);
    } catch (IOException e) {
      lines.truncate(mark);
      throw e;
    }
    metrics++;
    if (lines.length() >= SpoolStore.SPILL_BYTES) {
      spill(lines);
    }
  }

  /** Writes the buffered lines to the temporary file, which is made at the first spill. */
  private void spill(LineBuffer lines) throws IOException {
    try {
      if (spill == null) {
        spill = store.createTemp(metadata.uuid());
      }
      spill.write(lines.array(), lines.length());
      lines.clear();
    } catch (IOException e) {
      failure = e;
      discard();
      throw e;
    }
  }

  /**
   * Writes the buffered lines to the temporary file, closes it and gives the buffer back to the
   * pool, so that the open batch holds no memory and no file descriptor until its next append (a
   * later append takes a buffer and opens the file again).
   *
   * @throws IOException writing failed; the batch is lost, as for a failed append
   */
  public void flush() throws IOException {
    LineBuffer lines = buffer;
    if (failure != null || finished || lines == null) {
      return;
    }
    if (lines.length() > 0) {
      spill(lines);
    }
    buffer = null;
    store.returnBuffer(lines);
    TempFile file = spill;
    if (file != null) {
      try {
        file.park();
      } catch (IOException e) {
        failure = e;
        discard();
        throw e;
      }
    }
  }

  /**
   * Notes what a family is, replacing an earlier description of it; past {@link
   * MetricMetadata#MAX_FAMILIES} families, new ones are left out.
   */
  public void describe(MetricFamily family) {
    if (families.size() < MetricMetadata.MAX_FAMILIES || families.containsKey(family.name())) {
      families.put(family.name(), family);
    }
  }

  /** Metrics appended. */
  public int metrics() {
    return metrics;
  }

  /** Data bytes appended. */
  public long bytes() {
    return spilled() + (buffer == null ? 0 : buffer.length());
  }

  private long spilled() {
    return spill == null ? 0 : spill.written();
  }

  /**
   * Publishes the batch durably, or discards it if it has no metrics. Only once; the writer is
   * finished afterwards, whatever the outcome.
   */
  public void publish() throws IOException {
    if (failure != null) {
      throw new IOException("batch " + metadata.uuid() + " failed earlier", failure);
    }
    if (finished) {
      return;
    }
    if (metrics == 0) {
      discard();
      return;
    }
    finished = true;
    LineBuffer lines = buffer;
    TempFile data = spill;
    buffer = null;
    spill = null;
    try {
      MetricMetadata published =
          families.isEmpty() ? metadata : metadata.withFamilies(List.copyOf(families.values()));
      store.publish(published, data, lines == null ? new LineBuffer(0) : lines, metrics);
    } finally {
      if (lines != null) {
        store.returnBuffer(lines);
      }
    }
  }

  /** Abandons the batch: deletes its temporary file and releases its buffer. */
  public void discard() {
    finished = true;
    if (spill != null) {
      spill.discard();
      spill = null;
    }
    if (buffer != null) {
      store.returnBuffer(buffer);
      buffer = null;
    }
  }
}
