package io.windlass.collector.inputs;

import io.windlass.collector.Accumulator;
import io.windlass.collector.InputWithPrefix;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Load averages from {@code /proc/loadavg}, and the number of CPUs from the {@code cpuN} lines of
 * {@code /proc/stat} (the CPUs online, which is what the load is shared among).
 *
 * <p>Metrics (default prefix {@code system.load.}), no tags:
 *
 * <ul>
 *   <li>{@code load1}, {@code load5}, {@code load15} — the 1, 5 and 15 minute load averages
 *   <li>{@code cores} — online CPUs
 *   <li>{@code load1_per_core}, {@code load5_per_core}, {@code load15_per_core} — the averages
 *       divided by {@code cores}; not reported when {@code cores} is 0
 * </ul>
 */
public final class LoadInput implements InputWithPrefix {
  private final ProcRoot procRoot;

  /** Reads {@code /proc}. */
  public LoadInput() {
    this(ProcRoot.DEFAULT);
  }

  /** Reads {@code loadavg} and {@code stat} under {@code procRoot}. */
  public LoadInput(ProcRoot procRoot) {
    this.procRoot = Objects.requireNonNull(procRoot, "procRoot");
  }

  @Override
  public String defaultPrefix() {
    return "system.load.";
  }

  @Override
  public void collect(Accumulator accumulator) throws Exception {
    double[] loads = Loadavg.read(procRoot).toArray();
    List<String> names = Loadavg.NAMES;
    long cores = CpuTimes.read(procRoot).keySet().stream().filter(n -> !n.equals("cpu")).count();
    Map<String, String> none = Map.of();
    for (int i = 0; i < 3; i++) {
      accumulator.addMetric(names.get(i), none, loads[i]);
    }
    accumulator.addMetric("cores", none, cores);
    if (cores > 0) {
      for (int i = 0; i < 3; i++) {
        accumulator.addMetric(names.get(i) + "_per_core", none, loads[i] / cores);
      }
    }
  }
}
