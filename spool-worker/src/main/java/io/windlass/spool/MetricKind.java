package io.windlass.spool;

import java.util.Locale;

/** What a declared metric measures, which decides the values it accepts. */
public enum MetricKind {
  /** A value that goes up and down: any finite number. */
  GAUGE("gauge", true),
  /** A measurement of an absolute amount (Juju's {@code absolute}): a finite number >= 0. */
  ABSOLUTE("absolute", false),
  /** A running total that only grows (or resets): a finite number >= 0. */
  COUNTER("counter", false);

  private final String label;
  private final boolean allowsNegative;

  MetricKind(String label, boolean allowsNegative) {
    this.label = label;
    this.allowsNegative = allowsNegative;
  }

  /** The kind's name in configuration: {@code gauge}, {@code absolute} or {@code counter}. */
  public String label() {
    return label;
  }

  /** Whether values below zero are accepted. */
  public boolean allowsNegative() {
    return allowsNegative;
  }

  /** The kind with this {@link #label()}, ignoring case. */
  public static MetricKind fromLabel(String label) {
    for (MetricKind kind : values()) {
      if (kind.label.equals(label.toLowerCase(Locale.ROOT))) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "metric kind \"" + label + "\" is not one of gauge, absolute, counter");
  }

  @Override
  public String toString() {
    return label;
  }
}
