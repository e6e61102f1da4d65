package io.windlass.collector.inputs;

import io.windlass.collector.Accumulator;
import io.windlass.collector.Input;
import io.windlass.collector.InputExt;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time from the {@code cpuN} lines of {@code /proc/stat}, as node_exporter's {@code cpu}
 * collector reports it: seconds since boot (clock ticks / USER_HZ), per CPU and mode. There is no
 * aggregate over all CPUs, as in node_exporter ({@code sum by (mode)} makes one); the input's
 * {@code per-cpu} setting does not apply.
 *
 * <p>Metrics (default prefix {@code node_}), both counters:
 *
 * <ul>
 *   <li>{@code cpu_seconds_total} — labels {@code cpu} ({@code 0}, {@code 1}, …) and {@code mode}:
 *       {@code user}, {@code nice}, {@code system}, {@code idle}, {@code iowait}, {@code irq},
 *       {@code softirq}, {@code steal}; user and nice include guest time, as in the kernel
 *   <li>{@code cpu_guest_seconds_total} — labels {@code cpu} and {@code mode}: {@code user} (guest)
 *       and {@code nice} (guest_nice)
 * </ul>
 *
 * <p>As node_exporter does, a counter the kernel reports lower than before (iowait is known to) is
 * reported at its previous value, so the series never go backwards; when a CPU's idle time drops by
 * 3 seconds or more, the CPU was taken offline and back, and its counters start again from what the
 * kernel says.
 */
public final class NodeCpuInput extends NodeExporterInput implements InputExt {
  /** The modes of {@code cpu_seconds_total}, in the columns' order. */
  static final List<String> MODES =
      List.of("user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal");

  private static final int IDLE = 3;
  private static final int GUEST = 8;
  private static final int GUEST_NICE = 9;
  private static final long JUMP_BACK_TICKS = 300; // 3 seconds of idle time

  private Map<String, long[]> reported = Map.of();

  /** Reads {@code /proc/stat}. */
  public NodeCpuInput() {
    this(ProcRoot.DEFAULT);
  }

  /** Reads {@code stat} under {@code procRoot}. */
  public NodeCpuInput(ProcRoot procRoot) {
    super("cpu", procRoot);
  }

  @Override
  public void collect(Accumulator accumulator) throws Exception {
    Map<String, CpuTimes> cpus = CpuTimes.read(procRoot);
    Map<String, long[]> now = new HashMap<>();
    counter(accumulator, "cpu_seconds_total", "Seconds the CPUs spent in each mode.");
    counter(
        accumulator,
        "cpu_guest_seconds_total",
        "Seconds the CPUs spent in guests (VMs) for each mode.");
    for (Map.Entry<String, CpuTimes> entry : cpus.entrySet()) {
      String name = entry.getKey();
      if (name.equals("cpu")) {
        continue;
      }
      String cpu = name.substring("cpu".length());
      long[] ticks = monotonic(reported.get(cpu), entry.getValue().toArray());
      now.put(cpu, ticks);
      for (int i = 0; i < MODES.size(); i++) {
        accumulator.addMetric(
            "cpu_seconds_total", Map.of("cpu", cpu, "mode", MODES.get(i)), seconds(ticks[i]));
      }
      accumulator.addMetric(
          "cpu_guest_seconds_total", Map.of("cpu", cpu, "mode", "user"), seconds(ticks[GUEST]));
      accumulator.addMetric(
          "cpu_guest_seconds_total",
          Map.of("cpu", cpu, "mode", "nice"),
          seconds(ticks[GUEST_NICE]));
    }
    reported = now;
  }

  /** {@code current}, each counter at least its {@code previous} value unless the CPU was reset. */
  private static long[] monotonic(long[] previous, long[] current) {
    if (previous == null || previous.length != current.length) {
      return current;
    }
    if (previous[IDLE] - current[IDLE] >= JUMP_BACK_TICKS) {
      return current;
    }
    long[] kept = new long[current.length];
    for (int i = 0; i < current.length; i++) {
      kept[i] = Math.max(previous[i], current[i]);
    }
    return kept;
  }

  private static double seconds(long ticks) {
    return ticks / USER_HZ;
  }

  @Override
  public void updateFrom(Input previousInput) {
    if (previousInput instanceof NodeCpuInput other) {
      reported = other.reported;
    }
  }

  @Override
  public Map<String, Object> debugInfo() {
    return Map.of("procRoot", procRoot.path().toString(), "cpus", reported.size());
  }
}
