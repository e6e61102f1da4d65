package io.windlass.spool.ingest.remotewrite;

import io.windlass.spool.LabelSet;
import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricType;
import io.windlass.spool.MetricsDataException;
import io.windlass.spool.ingest.RecentInstants;
import io.windlass.spool.ingest.SampleTimeBounds;
import io.windlass.spool.ingest.format.PushSeries;
import io.windlass.spool.ingest.format.SampleSink;
import io.windlass.spool.ingest.http.DecodedPush;
import io.windlass.spool.ingest.http.MalformedPushException;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What both decoders share: turns a series' labels into a spool series, checks and adds its
 * samples, and describes families; counts what it leaves out. One per request; not thread-safe.
 */
final class SeriesWriter {

  /** The label that names a series' metric. */
  static final String NAME_LABEL = "__name__";

  /** Prometheus' staleness marker: a NaN with these bits, which no scrape ever yields. */
  static final long STALE_NAN_BITS = 0x7ff0000000000002L;

  /** The most characters of a series an error quotes. */
  private static final int MAX_QUOTED = 200;

  private final SampleSink sink;
  private final Instant now;
  private final SampleTimeBounds timeBounds;
  private final long earliestMillis;
  private final long latestMillis;

  /** The instants of the request's timestamps, by their millis. */
  private final RecentInstants instants = new RecentInstants(Instant::ofEpochMilli);

  private long exemplars;
  private long staleMarkers;

  SeriesWriter(SampleSink sink, Instant now, SampleTimeBounds timeBounds) {
    this.sink = sink;
    this.now = now;
    this.timeBounds = timeBounds;
    this.earliestMillis = timeBounds.earliestMillis(now);
    this.latestMillis = timeBounds.latestMillis(now);
  }

  /**
   * The series of the labels {@code names[i]=values[i]}: {@code __name__} is its key, labels with
   * an empty value are left out.
   *
   * @throws MalformedPushException a label name comes twice, or there is no {@code __name__}
   */
  PushSeries series(List<String> names, List<String> values) throws MalformedPushException {
    Map<String, String> labels = new TreeMap<>();
    @Nullable String key = null;
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      String value = values.get(i);
      if (name.equals(NAME_LABEL)) {
        if (key != null) {
          throw new MalformedPushException(
              "series " + quoted(names, values) + " has the label __name__ twice");
        }
        key = value;
      } else if (!value.isEmpty() && labels.put(name, value) != null) {
        throw new MalformedPushException(
            "series " + quoted(names, values) + " has the label " + name + " twice");
      }
    }
    if (key == null || key.isEmpty()) {
      throw new MalformedPushException(
          "series " + quoted(names, values) + " has no __name__ label");
    }
    return new PushSeries(key, LabelSet.of(labels));
  }

  /**
   * Adds a sample of {@code series}, unless it is a staleness marker (counted).
   *
   * @throws MalformedPushException its timestamp is out of the time bounds, or the spool refuses
   *     the sample as such; the message names the series
   * @throws IOException the spool refused it otherwise, or failed
   */
  void sample(PushSeries series, double value, long millis)
      throws MalformedPushException, IOException {
    if (Double.doubleToRawLongBits(value) == STALE_NAN_BITS) {
      staleMarkers++;
      return;
    }
    try {
      sink.add(series, value, time(series, millis));
    } catch (MetricsDataException e) {
      throw new MalformedPushException("series " + quoted(series) + ": " + e.getMessage(), e);
    }
  }

  private Instant time(PushSeries series, long millis) throws MalformedPushException {
    if (millis > latestMillis || millis < earliestMillis) {
      throw new MalformedPushException(
          "series " + quoted(series) + ": " + timeBounds.problem(millis, now));
    }
    return instants.of(millis);
  }

  /** Counts exemplars left out. */
  void droppedExemplars(long count) {
    exemplars += count;
  }

  /**
   * Describes the family {@code name}, unless the name cannot name one (left out: metadata is a
   * hint) or nothing is said of it.
   *
   * @param type the remote write metric type: 0 unknown, 1 counter, 2 gauge, 3 histogram, 4 gauge
   *     histogram, 5 summary, 6 info, 7 stateset
   */
  void describe(String name, int type, String help, String unit) {
    MetricType metricType = metricType(type);
    if ((metricType == MetricType.UNKNOWN && help.isEmpty() && unit.isEmpty())
        || !MetricFamily.isValidName(name)) {
      return;
    }
    sink.describe(MetricFamily.clipped(name, metricType, help, unit));
  }

  static MetricType metricType(int type) {
    return switch (type) {
      case 1 -> MetricType.COUNTER;
      case 2 -> MetricType.GAUGE;
      case 3 -> MetricType.HISTOGRAM;
      case 4 -> MetricType.GAUGE_HISTOGRAM;
      case 5 -> MetricType.SUMMARY;
      case 6 -> MetricType.INFO;
      case 7 -> MetricType.STATESET;
      default -> MetricType.UNKNOWN;
    };
  }

  /** What was left out. */
  DecodedPush.Dropped dropped() {
    return new DecodedPush.Dropped(exemplars, staleMarkers, 0);
  }

  /** A series for a message: {@code name{a="b"}}, cut short. */
  static String quoted(PushSeries series) {
    StringBuilder text = new StringBuilder(series.name()).append('{');
    boolean first = true;
    for (Map.Entry<String, String> label : series.labels().entrySet()) {
      if (!first) {
        text.append(',');
      }
      first = false;
      text.append(label.getKey()).append("=\"").append(label.getValue()).append('"');
    }
    return cut(text.append('}'));
  }

  /** Labels as sent, for a message: {@code {__name__="x",a="b"}}, cut short. */
  static String quoted(List<String> names, List<String> values) {
    StringBuilder text = new StringBuilder("{");
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        text.append(',');
      }
      text.append(names.get(i)).append("=\"").append(values.get(i)).append('"');
    }
    return cut(text.append('}'));
  }

  private static String cut(StringBuilder text) {
    return text.length() <= MAX_QUOTED ? text.toString() : text.substring(0, MAX_QUOTED) + "…";
  }
}
