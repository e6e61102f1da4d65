package io.windlass.collector.inputs;

import io.windlass.collector.Accumulator;
import io.windlass.collector.InputWithPrefix;
import io.windlass.collector.TargetLabels;
import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricType;
import java.util.Map;
import java.util.Objects;

/**
 * A host input that names its metrics as node_exporter 1.5 does: the same family names, label
 * names, units (seconds, bytes) and types, so dashboards and alerts written for node_exporter work
 * on what it collects. Counters are reported as the kernel's running totals, never as rates.
 *
 * <p>Metric names are written without their default prefix {@code node_}, which the pipeline adds;
 * each collect describes the families it reports (type and help as node_exporter's), so a batch
 * carries the same {@code # TYPE} and {@code # HELP} a scrape of node_exporter has. The pipeline's
 * health metrics ({@code node_up}, {@code node_collect_seconds}, ...) carry the label {@code
 * input}, the input's type, so that the host inputs' health series stay apart.
 */
public abstract sealed class NodeExporterInput implements InputWithPrefix, TargetLabels
    permits NodeCpuInput,
        NodeMemInput,
        NodeSwapInput,
        NodeLoadInput,
        NodeFilesystemInput,
        NodeDiskstatsInput,
        NodeNetdevInput,
        NodeNetstatInput,
        NodeProcessesInput {

  /** The prefix of every node_exporter metric. */
  public static final String PREFIX = "node_";

  /** The label the health metrics carry, naming the input's type. */
  public static final String INPUT_LABEL = "input";

  /** Clock ticks per second in {@code /proc/stat}: USER_HZ, 100 on every Linux ABI. */
  static final double USER_HZ = 100;

  private final String inputType;
  final ProcRoot procRoot;

  NodeExporterInput(String inputType, ProcRoot procRoot) {
    this.inputType = inputType;
    this.procRoot = Objects.requireNonNull(procRoot, "procRoot");
  }

  @Override
  public final String defaultPrefix() {
    return PREFIX;
  }

  @Override
  public final Map<String, String> targetLabels() {
    return Map.of(INPUT_LABEL, inputType);
  }

  /** Describes the counter family {@code name} (without the prefix). */
  static void counter(Accumulator accumulator, String name, String help) {
    accumulator.describe(new MetricFamily(name, MetricType.COUNTER, help, ""));
  }

  /** Describes the gauge family {@code name} (without the prefix). */
  static void gauge(Accumulator accumulator, String name, String help) {
    accumulator.describe(new MetricFamily(name, MetricType.GAUGE, help, ""));
  }

  /** Describes the untyped family {@code name} (without the prefix). */
  static void untyped(Accumulator accumulator, String name, String help) {
    accumulator.describe(new MetricFamily(name, MetricType.UNKNOWN, help, ""));
  }
}
