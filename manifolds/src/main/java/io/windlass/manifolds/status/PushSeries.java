package io.windlass.manifolds.status;

import io.windlass.spool.LabelSet;
import io.windlass.spool.MetricRecorder;
import io.windlass.spool.SeriesRecorder;
import org.jspecify.annotations.Nullable;

/**
 * A series a push parser has read (a sample name and its labels), and, while a request adds its
 * samples, its handle in the request's current spool batch ({@link RequestBatches}). Belongs to one
 * parser, so to one request at a time.
 */
final class PushSeries {
  final String name;
  final LabelSet labels;
  @Nullable MetricRecorder boundTo;
  @Nullable SeriesRecorder handle;

  PushSeries(String name, LabelSet labels) {
    this.name = name;
    this.labels = labels;
  }

  @Override
  public String toString() {
    return name + labels;
  }
}
