package io.windlass.spool.ingest.http;

import com.google.common.collect.ImmutableMap;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of pushed metrics since the process started, per {@link PushFormat}; kept by the status
 * server's ingest slot, so they outlive restarts of the {@code http-ingest} worker. Thread-safe.
 */
public final class IngestStats {

  /** One format's counters. */
  public static final class Counters {
    public final LongAdder requests = new LongAdder();
    public final LongAdder stored = new LongAdder();
    public final LongAdder samples = new LongAdder();
    public final LongAdder batches = new LongAdder();
    public final LongAdder refused = new LongAdder();
    public final LongAdder stringFields = new LongAdder();
    public final LongAdder seriesParsed = new LongAdder();

    /** Data points of stored OTLP requests refused one by one (their partial success). */
    public final LongAdder refusedPoints = new LongAdder();

    /** Exemplars of stored remote write requests, left out (the spool keeps none). */
    public final LongAdder exemplarsDropped = new LongAdder();

    /** Prometheus staleness markers of stored remote write requests, left out. */
    public final LongAdder staleMarkersDropped = new LongAdder();

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
          .put("refused-points", refusedPoints.sum())
          .put("exemplars-dropped", exemplarsDropped.sum())
          .put("stale-markers-dropped", staleMarkersDropped.sum())
          .buildOrThrow();
    }
  }

  private final Map<PushFormat, Counters> counters = new EnumMap<>(PushFormat.class);

  public IngestStats() {
    for (PushFormat format : PushFormat.values()) {
      counters.put(format, new Counters());
    }
  }

  /** The counters of {@code format}. */
  public Counters of(PushFormat format) {
    return counters.get(format);
  }

  /** Every format's counters as a report map, by format label. */
  public Map<String, Object> report() {
    ImmutableMap.Builder<String, Object> report = ImmutableMap.builder();
    counters.forEach((format, c) -> report.put(format.label(), c.report()));
    return report.buildOrThrow();
  }
}
