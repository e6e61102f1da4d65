package io.windlass.manifolds.report;

import java.time.Duration;

/**
 * How often the {@code reporter} manifold prints the engine report.
 *
 * @param interval the time between two reports, and before the first; > 0
 */
public record ReportSchedule(Duration interval) {

  /** Checks that the interval is positive. */
  public ReportSchedule {
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("report interval " + interval + " must be > 0");
    }
  }
}
