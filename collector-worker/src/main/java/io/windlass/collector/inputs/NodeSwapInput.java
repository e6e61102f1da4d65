package io.windlass.collector.inputs;

import io.windlass.collector.Accumulator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Swap space and paging, as node_exporter names them: the swap fields of {@code /proc/meminfo} (its
 * {@code meminfo} collector) and the fields of {@code /proc/vmstat} that its {@code vmstat}
 * collector reports by default ({@code oom_kill}, {@code pgpg*}, {@code pswp*}, {@code pg*fault}).
 *
 * <p>Metrics (default prefix {@code node_}), no labels:
 *
 * <ul>
 *   <li>{@code memory_SwapTotal_bytes}, {@code memory_SwapFree_bytes}, {@code
 *       memory_SwapCached_bytes} — gauges
 *   <li>{@code vmstat_pswpin}, {@code vmstat_pswpout} (pages swapped in and out), {@code
 *       vmstat_pgpgin}, {@code vmstat_pgpgout}, {@code vmstat_pgfault}, {@code vmstat_pgmajfault},
 *       {@code vmstat_oom_kill} — the kernel's running counts, untyped as node_exporter has them
 * </ul>
 */
public final class NodeSwapInput extends NodeExporterInput {
  /** The {@code meminfo} fields this input reports rather than {@link NodeMemInput}. */
  static final Set<String> SWAP_FIELDS = Set.of("SwapTotal", "SwapFree", "SwapCached");

  /** node_exporter's default {@code --collector.vmstat.fields}. */
  static final Pattern VMSTAT_FIELDS = Pattern.compile("^(oom_kill|pgpg|pswp|pg.*fault).*");

  /** Reads {@code /proc}. */
  public NodeSwapInput() {
    this(ProcRoot.DEFAULT);
  }

  /** Reads {@code meminfo} and {@code vmstat} under {@code procRoot}. */
  public NodeSwapInput(ProcRoot procRoot) {
    super("swap", procRoot);
  }

  static boolean isSwapField(String key) {
    return SWAP_FIELDS.contains(key);
  }

  @Override
  public void collect(Accumulator accumulator) throws Exception {
    Meminfo meminfo = Meminfo.read(procRoot);
    Vmstat vmstat = Vmstat.read(procRoot);
    for (Meminfo.Field field : meminfo.fields()) {
      if (isSwapField(field.key())) {
        NodeMemInput.report(accumulator, field);
      }
    }
    for (Map.Entry<String, Long> counter : vmstat.counters().entrySet()) {
      if (VMSTAT_FIELDS.matcher(counter.getKey()).find()) {
        String name = "vmstat_" + counter.getKey();
        untyped(accumulator, name, "/proc/vmstat information field " + counter.getKey() + ".");
        accumulator.addMetric(name, Map.of(), counter.getValue());
      }
    }
  }
}
