package io.windlass.manifolds.report;

import java.time.Duration;

/**
 * What the {@code reporter} manifold prints, and how often.
 *
 * @param interval the time between two periodic reports, and before the first; zero prints none
 * @param format {@link ReportFormat#TEXT}: one event line per notable change and, every interval, a
 *     one-line summary ({@link SummaryLine}); {@link ReportFormat#JSON}: every interval the whole
 *     engine report as one line of JSON ({@link ReportPrinter}), and nothing else
 */
public record ReportSchedule(Duration interval, ReportFormat format) {

  /** Checks that the interval is zero or positive. */
  public ReportSchedule {
    if (interval == null || interval.isNegative()) {
      throw new IllegalArgumentException("report interval " + interval + " must be >= 0");
    }
    if (format == null) {
      throw new IllegalArgumentException("report format must not be null");
    }
  }

  /** Whether a periodic report is printed at all. */
  public boolean periodic() {
    return !interval.isZero();
  }
}
