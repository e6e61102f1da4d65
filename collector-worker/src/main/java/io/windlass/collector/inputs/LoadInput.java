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
    List<ProcLine> lines = procRoot.readLines("loadavg");
    if (lines.isEmpty()) {
      throw new ProcFormatException(procRoot.resolve("loadavg"), 1, "file is empty", "");
    }
    ProcLine line = lines.get(0);
    List<String> fields = line.fields();
    if (fields.size() < 3) {
      throw line.malformed("expected at least 3 load averages");
    }
    double[] loads = new double[3];
    String[] names = {"load1", "load5", "load15"};
    for (int i = 0; i < 3; i++) {
      loads[i] = line.parseDecimal(fields.get(i), names[i]);
      if (loads[i] < 0) {
        throw line.malformed(names[i] + " " + fields.get(i) + " is negative");
      }
    }
    long cores = CpuTimes.read(procRoot).keySet().stream().filter(n -> !n.equals("cpu")).count();
    Map<String, String> none = Map.of();
    for (int i = 0; i < 3; i++) {
      accumulator.addMetric(names[i], none, loads[i]);
    }
    accumulator.addMetric("cores", none, cores);
    if (cores > 0) {
      for (int i = 0; i < 3; i++) {
        accumulator.addMetric(names[i] + "_per_core", none, loads[i] / cores);
      }
    }
  }
}
