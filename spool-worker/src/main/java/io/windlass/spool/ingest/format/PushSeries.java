package io.windlass.spool.ingest.format;

import io.windlass.spool.LabelSet;
import io.windlass.spool.MetricRecorder;
import io.windlass.spool.SeriesRecorder;
import org.jspecify.annotations.Nullable;

/**
 * A series a push parser has read (a sample name and its labels), and, while a request adds its
 * samples, its handle in the request's current spool batch (the push handler's request batches).
 * Belongs to one parser, so to one request at a time.
 */
public final class PushSeries {
  final String name;
  final LabelSet labels;
  private @Nullable MetricRecorder boundTo;
  private @Nullable SeriesRecorder handle;

  public PushSeries(String name, LabelSet labels) {
    this.name = name;
    this.labels = labels;
  }

  /** The sample name. */
  public String name() {
    return name;
  }

  /** The labels, sorted by name. */
  public LabelSet labels() {
    return labels;
  }

  /** The recorder {@link #handle()} belongs to, or null when the series is not bound. */
  public @Nullable MetricRecorder boundTo() {
    return boundTo;
  }

  /** The series' handle in {@link #boundTo()}, or null when the series is not bound. */
  public @Nullable SeriesRecorder handle() {
    return handle;
  }

  /** Binds the series to {@code handle} in {@code recorder}, until {@link #unbind()}. */
  public void bind(MetricRecorder recorder, SeriesRecorder handle) {
    this.boundTo = recorder;
    this.handle = handle;
  }

  /** Lets go of the handle. */
  public void unbind() {
    this.boundTo = null;
    this.handle = null;
  }

  @Override
  public String toString() {
    return name + labels;
  }
}
