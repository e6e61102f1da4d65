package io.windlass.spool.ingest.http;

import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricsDataException;
import io.windlass.spool.ingest.format.PushParser;
import io.windlass.spool.ingest.format.PushSeries;
import io.windlass.spool.ingest.format.SampleSink;
import java.io.IOException;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The samples of a Pushgateway push on their way to the request's batches: each gets the grouping
 * key's labels ({@link GroupingKey#applyTo}), and a sample with a timestamp of its own is refused,
 * as the Pushgateway refuses it ({@code pushed metrics must not have timestamps}): a push's samples
 * are all of the push's time.
 *
 * <p>A series the parser hands again is mapped to its grouped series by reference; at most {@link
 * PushParser#MAX_CACHED_SERIES} are remembered (past that, all are forgotten and made again as they
 * come, as the parser's own cache does). One per request; not thread-safe.
 */
final class GroupedSamples implements SampleSink {
  private final SampleSink target;
  private final GroupingKey group;
  private final Instant pushTime;
  private final Map<PushSeries, PushSeries> grouped = new IdentityHashMap<>();

  /**
   * @param pushTime the time the parser gives samples without a timestamp
   */
  GroupedSamples(SampleSink target, GroupingKey group, Instant pushTime) {
    this.target = target;
    this.group = group;
    this.pushTime = pushTime;
  }

  @Override
  public void add(String key, String value, Instant time, Map<String, String> labels)
      throws IOException {
    checkNoTimestamp(time);
    target.add(key, value, time, group.applyTo(labels));
  }

  @Override
  public void add(PushSeries series, String value, Instant time) throws IOException {
    checkNoTimestamp(time);
    target.add(grouped(series), value, time);
  }

  @Override
  public void add(PushSeries series, byte[] text, int start, int end, Instant time)
      throws IOException {
    checkNoTimestamp(time);
    target.add(grouped(series), text, start, end, time);
  }

  @Override
  public void describe(MetricFamily family) {
    target.describe(family);
  }

  private void checkNoTimestamp(Instant time) throws MetricsDataException {
    if (!time.equals(pushTime)) {
      throw new MetricsDataException(
          "pushed metrics must not have timestamps (a push's samples are of the push's time)");
    }
  }

  private PushSeries grouped(PushSeries series) {
    PushSeries known = grouped.get(series);
    if (known == null) {
      if (grouped.size() >= PushParser.MAX_CACHED_SERIES) {
        grouped.clear();
      }
      known = new PushSeries(series.name(), group.applyTo(series.labels()));
      grouped.put(series, known);
    }
    return known;
  }
}
