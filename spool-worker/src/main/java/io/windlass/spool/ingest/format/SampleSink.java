package io.windlass.spool.ingest.format;

import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/** Takes the samples a {@link PushParser} reads, in the order of the body. */
@FunctionalInterface
public interface SampleSink {
  /**
   * One sample, as a spool recorder takes it.
   *
   * @param labels sorted by name; the parser may hand the same map for many samples, and never
   *     changes it afterwards
   * @throws io.windlass.spool.MetricsDataException the spool refuses the sample as such
   * @throws IOException the spool refuses it for another reason, or failed
   */
  void add(String key, String value, Instant time, Map<String, String> labels) throws IOException;

  /**
   * A sample of a series the parser has read before: {@link #add(String, String, Instant, Map)}.
   */
  default void add(PushSeries series, String value, Instant time) throws IOException {
    add(series.name, value, time, series.labels);
  }

  /**
   * A sample of a series the parser has read before, its value the ASCII text {@code [start, end)}
   * of {@code text} (read now, not kept).
   */
  default void add(PushSeries series, byte[] text, int start, int end, Instant time)
      throws IOException {
    add(series, new String(text, start, end - start, StandardCharsets.ISO_8859_1), time);
  }

  /**
   * A sample of a series the parser has read before, its value a double (a binary format's): as
   * {@link #add(PushSeries, String, Instant)} with the value's spool text ({@link
   * MetricValues#text(double)}), which a sink may write without making a string of it.
   */
  default void add(PushSeries series, double value, Instant time) throws IOException {
    add(series, MetricValues.text(value), time);
  }

  /**
   * What the body says of a metric family (a {@code # TYPE}, {@code # HELP} or {@code # UNIT}
   * line), for the request's batches; a later description of a family adds to the earlier ones
   * ({@link MetricFamily#updatedBy}). The default keeps nothing.
   */
  default void describe(MetricFamily family) {}
}
