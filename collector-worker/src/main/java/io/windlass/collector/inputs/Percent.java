package io.windlass.collector.inputs;

/** Percentages that are never NaN or infinite. */
final class Percent {
  private Percent() {}

  /**
   * {@code part} as a percentage of {@code whole}, or 0 when {@code whole} is not positive or
   * either is not finite.
   */
  static double of(double part, double whole) {
    if (!(whole > 0) || !Double.isFinite(part) || !Double.isFinite(whole)) {
      return 0;
    }
    return part * 100.0 / whole;
  }
}
