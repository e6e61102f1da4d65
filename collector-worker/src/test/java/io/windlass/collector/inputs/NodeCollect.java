package io.windlass.collector.inputs;

import io.windlass.collector.Accumulators;
import io.windlass.collector.MemoryAccumulator;
import io.windlass.collector.Metric;
import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What one collect of a node_exporter-named input gives, named as the pipeline names it (with the
 * input's default prefix {@code node_}).
 *
 * @param metrics the samples
 * @param families the families described
 */
record NodeCollect(List<Metric> metrics, List<MetricFamily> families) {

  /** Collects once from {@code input}, through its default prefix. */
  static NodeCollect of(NodeExporterInput input) throws Exception {
    MemoryAccumulator accumulator = new MemoryAccumulator();
    input.collect(Accumulators.withPrefix(accumulator, input.defaultPrefix()));
    return new NodeCollect(accumulator.metrics(), accumulator.families());
  }

  /** The value of the one sample {@code name} with exactly {@code labels}. */
  double value(String name, Map<String, String> labels) {
    return ProcFixture.value(metrics, name, labels);
  }

  /** The value of the one sample {@code name} without labels. */
  double value(String name) {
    return value(name, Map.of());
  }

  /** The names of the samples, each once, sorted. */
  Set<String> names() {
    return metrics.stream().map(Metric::name).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The label names of the samples named {@code name}. */
  Set<Set<String>> labelNames(String name) {
    return metrics.stream()
        .filter(m -> m.name().equals(name))
        .map(m -> Set.copyOf(m.tags().keySet()))
        .collect(Collectors.toSet());
  }

  /** The type described for family {@code name}; fails if it was not described. */
  MetricType type(String name) {
    return family(name).type();
  }

  /** The family described as {@code name}; fails if it was not. */
  MetricFamily family(String name) {
    return families.stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no family " + name + " in " + families));
  }

  /** Whether every sample's family was described, so a batch carries its TYPE and HELP. */
  boolean everySampleDescribed() {
    Set<String> described = families.stream().map(MetricFamily::name).collect(Collectors.toSet());
    return metrics.stream().allMatch(m -> described.contains(m.name()));
  }
}
