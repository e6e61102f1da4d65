package io.windlass.collector.inputs;

import io.windlass.collector.Accumulator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every field of {@code /proc/meminfo} but the swap ones, as node_exporter's {@code meminfo}
 * collector names them: {@code MemAvailable: 8 kB} is {@code memory_MemAvailable_bytes} 8192, and a
 * field without a unit keeps its name ({@code HugePages_Total} is {@code memory_HugePages_Total}).
 * Parentheses become an underscore: {@code Active(anon)} is {@code memory_Active_anon_bytes}.
 * {@code SwapTotal}, {@code SwapFree} and {@code SwapCached} are the swap input's ({@link
 * NodeSwapInput}), so that the two inputs together report what the collector does, each field once.
 *
 * <p>Metrics (default prefix {@code node_}), no labels: gauges, except a field whose name ends in
 * {@code _total}, which node_exporter types as a counter.
 */
public final class NodeMemInput extends NodeExporterInput {
  private static final Pattern PARENTHESES = Pattern.compile("\\((.*)\\)");

  /** Reads {@code /proc/meminfo}. */
  public NodeMemInput() {
    this(ProcRoot.DEFAULT);
  }

  /** Reads {@code meminfo} under {@code procRoot}. */
  public NodeMemInput(ProcRoot procRoot) {
    super("mem", procRoot);
  }

  @Override
  public void collect(Accumulator accumulator) throws Exception {
    for (Meminfo.Field field : Meminfo.read(procRoot).fields()) {
      if (!NodeSwapInput.isSwapField(field.key())) {
        report(accumulator, field);
      }
    }
  }

  /** Reports {@code field} as node_exporter's {@code meminfo} collector does. */
  static void report(Accumulator accumulator, Meminfo.Field field) {
    String name = metricName(field);
    String key = name.substring("memory_".length());
    if (name.endsWith("_total")) {
      counter(accumulator, name, "Memory information field " + key + ".");
    } else {
      gauge(accumulator, name, "Memory information field " + key + ".");
    }
    accumulator.addMetric(name, Map.of(), field.value());
  }

  /** {@code memory_<key>}, parentheses made an underscore, {@code _bytes} if it had a unit. */
  static String metricName(Meminfo.Field field) {
    String key = PARENTHESES.matcher(field.key()).replaceAll("_$1");
    return "memory_" + key + (field.inBytes() ? "_bytes" : "");
  }
}
