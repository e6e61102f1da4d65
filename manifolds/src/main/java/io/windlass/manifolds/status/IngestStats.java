package io.windlass.manifolds.status;

import com.google.common.collect.ImmutableMap;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of pushed metrics since the process started, per {@link PushFormat}; kept by {@link
 * IngestSlot}, so they outlive restarts of the {@code http-ingest} worker. Thread-safe.
 */
final class IngestStats {

  /** One format's counters. */
  static final class Counters {
    final LongAdder requests = new LongAdder();
    final LongAdder stored = new LongAdder();
    final LongAdder samples = new LongAdder();
    final LongAdder batches = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder stringFields = new LongAdder();
    final LongAdder seriesParsed = new LongAdder();

    /** The counters as a report map. */
    Map<String, Object> report() {
      return ImmutableMap.<String, Object>builder()
          .put("requests", requests.sum())
          .put("stored-requests", stored.sum())
          .put("refused-requests", refused.sum())
          .put("samples", samples.sum())
          .put("batches", batches.sum())
          .put("string-fields-skipped", stringFields.sum())
          .put("series-parsed", seriesParsed.sum())
          .buildOrThrow();
    }
  }

  private final Map<PushFormat, Counters> counters = new EnumMap<>(PushFormat.class);

  IngestStats() {
    for (PushFormat format : PushFormat.values()) {
      counters.put(format, new Counters());
    }
  }

  /** The counters of {@code format}. */
  Counters of(PushFormat format) {
    return counters.get(format);
  }

  /** Every format's counters as a report map, by format label. */
  Map<String, Object> report() {
    ImmutableMap.Builder<String, Object> report = ImmutableMap.builder();
    counters.forEach((format, c) -> report.put(format.label(), c.report()));
    return report.buildOrThrow();
  }
}
