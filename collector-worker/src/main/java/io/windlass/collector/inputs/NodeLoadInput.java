package io.windlass.collector.inputs;

import io.windlass.collector.Accumulator;
import java.util.Map;

/**
 * Load averages from {@code /proc/loadavg}, as node_exporter's {@code loadavg} collector reports
 * them.
 *
 * <p>Metrics (default prefix {@code node_}), gauges, no labels: {@code load1}, {@code load5},
 * {@code load15}.
 */
public final class NodeLoadInput extends NodeExporterInput {

  /** Reads {@code /proc/loadavg}. */
  public NodeLoadInput() {
    this(ProcRoot.DEFAULT);
  }

  /** Reads {@code loadavg} under {@code procRoot}. */
  public NodeLoadInput(ProcRoot procRoot) {
    super("load", procRoot);
  }

  @Override
  public void collect(Accumulator accumulator) throws Exception {
    double[] loads = Loadavg.read(procRoot).toArray();
    String[] help = {"1m load average.", "5m load average.", "15m load average."};
    for (int i = 0; i < loads.length; i++) {
      String name = Loadavg.NAMES.get(i);
      gauge(accumulator, name, help[i]);
      accumulator.addMetric(name, Map.of(), loads[i]);
    }
  }
}
