package io.windlass.spool;

import java.util.Locale;

/** What a full spool does with a new batch. */
public enum OverflowPolicy {
  /** Make room by dropping the oldest batches (the default): the newest data wins. */
  DROP_OLDEST("drop-oldest"),
  /**
   * Refuse the new batch: {@link MetricRecorder#addMetric} and {@link MetricRecorder#close()} throw
   * {@link SpoolFullException}; the oldest data wins.
   */
  REJECT_NEW("reject-new");

  private final String label;

  OverflowPolicy(String label) {
    this.label = label;
  }

  /** The policy's name in configuration: {@code drop-oldest} or {@code reject-new}. */
  public String label() {
    return label;
  }

  /** The policy with this {@link #label()}, ignoring case. */
  public static OverflowPolicy fromLabel(String label) {
    for (OverflowPolicy policy : values()) {
      if (policy.label.equals(label.toLowerCase(Locale.ROOT))) {
        return policy;
      }
    }
    throw new IllegalArgumentException(
        "overflow policy \"" + label + "\" is not one of drop-oldest, reject-new");
  }

  @Override
  public String toString() {
    return label;
  }
}
