package io.windlass.collector.inputs;

import java.util.Map;
import java.util.Optional;

/**
 * Counters of several devices (or interfaces) read at one instant, and the per-second rates between
 * two such readings.
 *
 * @param nanos when the counters were read, on a monotonic nanosecond clock
 * @param counters each device's counters, in a fixed order per input
 */
record CounterSnapshot(long nanos, Map<String, long[]> counters) {

  /** Copies. */
  CounterSnapshot {
    counters = Map.copyOf(counters);
  }

  /**
   * The per-second rates of {@code device}'s counters since {@code earlier}, or empty when {@code
   * earlier} did not have the device, no time passed, or any of its counters went backwards (a wrap
   * or reset: the whole sample is dropped rather than reported half right).
   */
  Optional<double[]> ratesSince(CounterSnapshot earlier, String device) {
    long[] before = earlier.counters.get(device);
    long[] now = counters.get(device);
    long elapsed = nanos - earlier.nanos;
    if (before == null || now == null || before.length != now.length || elapsed <= 0) {
      return Optional.empty();
    }
    double[] rates = new double[now.length];
    for (int i = 0; i < now.length; i++) {
      var rate = CounterRate.perSecond(before[i], now[i], elapsed);
      if (rate.isEmpty()) {
        return Optional.empty();
      }
      rates[i] = rate.getAsDouble();
    }
    return Optional.of(rates);
  }
}
