package io.windlass.it.bench;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Which millions a forwarding figure is taken over, and what Windlass's figure may be against
 * vmagent's in that regime: the ways an agent on every host meets its data.
 */
enum Regime {
  /** The first million into a freshly started process: the JIT still compiling the hot code. */
  COLD(3.0, OptionalDouble.empty()),

  /**
   * The same series as before, each million the next timestamps, after the warm-up millions: a
   * long-running agent with a stable set of series. The median of the measured millions.
   */
  STEADY(1.2, OptionalDouble.of(1.0)),

  /**
   * Every million with 1,000 series not seen before, the JIT warm: deployments, restarts and
   * short-lived jobs bring new label values. The median of the measured millions.
   */
  CHURN(2.0, OptionalDouble.of(1.0));

  private final double maxCpuRatio;
  private final OptionalDouble minAcceptRatio;

  Regime(double maxCpuRatio, OptionalDouble minAcceptRatio) {
    this.maxCpuRatio = maxCpuRatio;
    this.minAcceptRatio = minAcceptRatio;
  }

  /** The most CPU per million Windlass may use, as a multiple of vmagent's. */
  double maxCpuRatio() {
    return maxCpuRatio;
  }

  /** The least accept rate Windlass must reach, as a multiple of vmagent's, if any. */
  OptionalDouble minAcceptRatio() {
    return minAcceptRatio;
  }

  /** The name in figure names: {@code cold}, {@code steady}, {@code churn}. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
