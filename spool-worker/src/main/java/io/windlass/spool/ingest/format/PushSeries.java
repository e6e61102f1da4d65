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
  public final String name;
  public final LabelSet labels;
  public @Nullable MetricRecorder boundTo;
  public @Nullable SeriesRecorder handle;

  public PushSeries(String name, LabelSet labels) {
    this.name = name;
    this.labels = labels;
  }

  @Override
  public String toString() {
    return name + labels;
  }
}
