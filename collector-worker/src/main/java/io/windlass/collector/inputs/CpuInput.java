package io.windlass.collector.inputs;

import io.windlass.collector.Accumulator;
import io.windlass.collector.Input;
import io.windlass.collector.InputExt;
import io.windlass.collector.InputWithPrefix;
import java.util.Map;
import java.util.Objects;

/**
 * CPU utilisation from {@code /proc/stat}, as percentages of the time that passed between two
 * collects. The first collect only records the counters and reports nothing; a CPU whose counters
 * went backwards (or did not move at all) is skipped for that collect.
 *
 * <p>Metrics (default prefix {@code system.cpu.}), each tagged {@code cpu=cpu-total} and, with
 * {@code perCpu}, also {@code cpu=cpu0}, {@code cpu1}…:
 *
 * <ul>
 *   <li>{@code usage_user}, {@code usage_nice}, {@code usage_system}, {@code usage_idle}, {@code
 *       usage_iowait}, {@code usage_irq}, {@code usage_softirq}, {@code usage_steal}, {@code
 *       usage_guest}, {@code usage_guest_nice} — percent of the interval in that state; user and
 *       nice include guest and guest_nice, as in the kernel, so the first eight add up to 100
 *   <li>{@code usage_active} — 100 minus idle and iowait
 * </ul>
 */
public final class CpuInput implements InputWithPrefix, InputExt {
  /** The tag value of the aggregate over all CPUs. */
  public static final String TOTAL = "cpu-total";

  private final ProcRoot procRoot;
  private final boolean perCpu;
  private Map<String, CpuTimes> previous = Map.of();

  /** Total utilisation from {@code /proc}. */
  public CpuInput() {
    this(ProcRoot.DEFAULT, false);
  }

  /**
   * @param procRoot where {@code /proc} is
   * @param perCpu whether to report each CPU as well as the total
   */
  public CpuInput(ProcRoot procRoot, boolean perCpu) {
    this.procRoot = Objects.requireNonNull(procRoot, "procRoot");
    this.perCpu = perCpu;
  }

  @Override
  public String defaultPrefix() {
    return "system.cpu.";
  }

  @Override
  public void collect(Accumulator accumulator) throws Exception {
    Map<String, CpuTimes> current = CpuTimes.read(procRoot);
    Map<String, CpuTimes> before = previous;
    previous = current;
    for (Map.Entry<String, CpuTimes> entry : current.entrySet()) {
      String name = entry.getKey();
      boolean total = name.equals("cpu");
      CpuTimes old = before.get(name);
      if (old == null || (!total && !perCpu)) {
        continue;
      }
      report(accumulator, total ? TOTAL : name, old, entry.getValue());
    }
  }

  private static void report(Accumulator accumulator, String cpu, CpuTimes old, CpuTimes now) {
    long[] a = old.toArray();
    long[] b = now.toArray();
    long[] delta = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      delta[i] = b[i] - a[i];
      if (delta[i] < 0) {
        return; // counters reset, e.g. a CPU went offline and came back
      }
    }
    long elapsed = now.total() - old.total();
    if (elapsed <= 0) {
      return;
    }
    Map<String, String> tags = Map.of("cpu", cpu);
    for (int i = 0; i < delta.length; i++) {
      accumulator.addMetric("usage_" + CpuTimes.STATES.get(i), tags, Percent.of(delta[i], elapsed));
    }
    double idle = Percent.of(delta[3] + delta[4], elapsed);
    accumulator.addMetric("usage_active", tags, Math.max(0, 100 - idle));
  }

  @Override
  public void updateFrom(Input previousInput) {
    if (previousInput instanceof CpuInput other) {
      previous = other.previous;
    }
  }

  @Override
  public Map<String, Object> debugInfo() {
    return Map.of(
        "procRoot", procRoot.path().toString(), "perCpu", perCpu, "cpus", previous.size());
  }
}
