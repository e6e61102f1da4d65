package io.windlass.spool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Adds samples of one series to one batch: made by {@link MetricRecorder#series}. Adding a sample
 * here is adding the series' key and labels with it through {@link MetricRecorder#addMetric}, with
 * the same rules, errors and effects, and cheaper: the recorder finds the series once, not once per
 * sample.
 *
 * <p>Used by one thread at a time, like an iterator: the recorder behind it stays thread-safe, but
 * the handle itself may keep state of its own, so a recorder closed on another thread must be
 * closed after the handle's last sample was handed over to that thread (any safe hand-over does).
 */
@FunctionalInterface
public interface SeriesRecorder {
  /**
   * Adds a sample of the series.
   *
   * @throws MetricsDataException the sample (or, at the first, the series) breaks a rule; the batch
   *     is unchanged
   * @throws SpoolFullException see {@link MetricRecorder#addMetric}
   * @throws BatchTooLargeException see {@link MetricRecorder#addMetric}
   * @throws IllegalStateException the recorder is closed
   */
  void add(String value, Instant created) throws IOException;

  /**
   * Adds a sample whose value is the ASCII text {@code [start, end)} of {@code text} (read now, not
   * kept): {@link #add(String, Instant)} with that text, which a handle may take without making a
   * string of it.
   */
  default void add(byte[] text, int start, int end, Instant created) throws IOException {
    add(new String(text, start, end - start, StandardCharsets.ISO_8859_1), created);
  }

  /**
   * Adds a sample whose value is a double: {@link #add(String, Instant)} with its spool text
   * ({@link MetricValues#text(double)}), which a handle may write without making a string of it.
   */
  default void add(double value, Instant created) throws IOException {
    add(MetricValues.text(value), created);
  }
}
