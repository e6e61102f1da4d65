package io.windlass.spool.internal;

import io.windlass.spool.BatchFormat;
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
 * metrics into a pooled buffer, as JSON lines or in the {@linkplain BinaryBatchFormat binary form},
 * writes the buffer to a hidden temporary file whenever it reaches {@link SpoolStore#SPILL_BYTES}
 * (so a batch of any size holds little memory), and hands the rest to {@link SpoolStore#publish}.
 * Not thread-safe: the recorder guards it.
 */
public final class BatchWriter {
  private final SpoolStore store;
  private final MetricMetadata metadata;
  private final @Nullable BinaryBatchEncoder binary; // null: JSON lines
  private final EncodedTimes times = new EncodedTimes();
  private @Nullable LineBuffer buffer;
  private @Nullable TempFile spill;
  private int metrics;
  private final Map<String, MetricFamily> families = new LinkedHashMap<>();
  private @Nullable IOException failure;
  private boolean finished;

  /** A writer of JSON lines for the batch {@code metadata} describes. */
  public BatchWriter(SpoolStore store, MetricMetadata metadata) {
    this(store, metadata, BatchFormat.JSON_LINES);
  }

  /** A writer for the batch {@code metadata} describes, in {@code format}. */
  public BatchWriter(SpoolStore store, MetricMetadata metadata, BatchFormat format) {
    this.store = store;
    this.metadata = metadata;
    this.binary = format == BatchFormat.BINARY ? new BinaryBatchEncoder() : null;
  }

  /**
   * Appends a sample of a series the caller has checked, with its value checked too.
   *
   * @throws BatchTooLargeException the batch would exceed max-batch-bytes; nothing was appended
   * @throws io.windlass.spool.SpoolFullException the spool refuses new data; nothing was appended
   * @throws IOException writing to the temporary file failed; the batch is lost
   */
  public void append(SeriesTable.Series series, String value, Instant time) throws IOException {
    LineBuffer lines = lines();
    int mark = lines.length();
    BinaryBatchEncoder encoder = binary;
    if (encoder != null) {
      encoder.append(lines, atStart(lines), series, value, time);
    } else {
      MetricLineEncoder.appendSample(
          lines, series.prefix(), value, times.of(time), series.suffix());
    }
    appended(lines, mark, series.key());
  }

  /**
   * As {@link #append(SeriesTable.Series, String, Instant)}, the value being the text {@code
   * [start, end)} of {@code value}, a decimal number in ASCII.
   */
  public void append(SeriesTable.Series series, byte[] value, int start, int end, Instant time)
      throws IOException {
    LineBuffer lines = lines();
    int mark = lines.length();
    BinaryBatchEncoder encoder = binary;
    if (encoder != null) {
      encoder.append(lines, atStart(lines), series, value, start, end, time);
    } else {
      MetricLineEncoder.appendSample(
          lines, series.prefix(), value, start, end, times.of(time), series.suffix());
    }
    appended(lines, mark, series.key());
  }

  /**
   * As {@link #append(SeriesTable.Series, String, Instant)}, the value being a finite double: its
   * text ({@link io.windlass.spool.MetricValues#formatTo}) in JSON lines, itself in binary.
   */
  public void append(SeriesTable.Series series, double value, Instant time) throws IOException {
    LineBuffer lines = lines();
    int mark = lines.length();
    BinaryBatchEncoder encoder = binary;
    if (encoder != null) {
      encoder.append(lines, atStart(lines), series, value, time);
    } else {
      MetricLineEncoder.appendSample(
          lines, series.prefix(), value, times.of(time), series.suffix());
    }
    appended(lines, mark, series.key());
  }

  /** Whether nothing of the file is written yet, spilled or buffered. */
  private boolean atStart(LineBuffer lines) {
    return lines.length() == 0 && spill == null;
  }

  /**
   * Appends a metric the caller has checked to a batch of JSON lines: for batches written from
   * metrics (parts of a rejected batch), not from a recorder's series.
   *
   * @throws BatchTooLargeException the batch would exceed max-batch-bytes; nothing was appended
   * @throws io.windlass.spool.SpoolFullException the spool refuses new data; nothing was appended
   * @throws IOException writing to the temporary file failed; the batch is lost
   */
  public void append(String key, String value, Instant time, Map<String, String> labels)
      throws IOException {
    if (binary != null) {
      throw new IllegalStateException(
          "batch " + metadata.uuid() + " is binary: it takes samples of series");
    }
    LineBuffer lines = lines();
    int mark = lines.length();
    MetricLineEncoder.appendMetric(lines, key, value, time, labels);
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
    long total =
        spilled() + lines.length() + (binary == null ? 0 : BinaryBatchFormat.MAX_END_BYTES);
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
      if (binary != null) {
        binary.undo();
      }
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
      if (binary != null) {
        binary.written(lines.array(), lines.length());
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
    if (binary != null) {
      binary.forget(); // the batch set aside keeps no series
    }
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
    if (binary != null) {
      if (lines == null) {
        lines = store.takeBuffer();
      }
      binary.finish(lines, metrics);
    }
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
