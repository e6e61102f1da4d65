package io.windlass.spool;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The type of a metric family, as the Prometheus text and OpenMetrics formats name it ({@code #
 * TYPE name counter}). It describes the samples; unlike {@link MetricKind} it decides nothing about
 * which values the spool accepts.
 */
public enum MetricType {
  COUNTER("counter"),
  GAUGE("gauge"),
  HISTOGRAM("histogram"),
  GAUGE_HISTOGRAM("gaugehistogram"),
  SUMMARY("summary"),
  INFO("info"),
  STATESET("stateset"),
  /** No type said, or Prometheus text's {@code untyped}. */
  UNKNOWN("unknown");

  private final String label;

  MetricType(String label) {
    this.label = label;
  }

  /**
   * The type's name in OpenMetrics text and in the spool: {@code counter}, {@code gaugehistogram}.
   */
  @JsonValue
  public String label() {
    return label;
  }

  /**
   * The type named {@code label}, ignoring case; Prometheus text's {@code untyped} is {@link
   * #UNKNOWN}.
   *
   * @throws IllegalArgumentException no type has that name
   */
  public static MetricType fromLabel(String label) {
    String lower = label.toLowerCase(Locale.ROOT);
    if (lower.equals("untyped")) {
      return UNKNOWN;
    }
    for (MetricType type : values()) {
      if (type.label.equals(lower)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "metric type \""
            + label
            + "\" is not one of counter, gauge, histogram, gaugehistogram, summary, info, stateset,"
            + " unknown, untyped");
  }

  /** As {@link #fromLabel}, but {@link #UNKNOWN} for a name no type has; for reading leniently. */
  @JsonCreator
  public static MetricType fromLabelOrUnknown(String label) {
    try {
      return fromLabel(label);
    } catch (IllegalArgumentException e) {
      return UNKNOWN;
    }
  }

  @Override
  public String toString() {
    return label;
  }
}
