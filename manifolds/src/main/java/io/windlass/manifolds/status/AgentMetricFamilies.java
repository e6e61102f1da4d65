package io.windlass.manifolds.status;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The agent's own metric families as {@link AgentMetrics} states them, by their exposed names
 * ({@code windlass_x_total} for a counter, {@code windlass_x_info} for an info), turned into the
 * Prometheus Java client's model ({@link #snapshots()}), whose writers expose them in the
 * Prometheus text format or OpenMetrics. A {@code counter} becomes a {@link CounterSnapshot} named
 * without its {@code _total}, a {@code gauge} named {@code x_info} an {@link InfoSnapshot} named
 * {@code x}, any other {@code gauge} a {@link GaugeSnapshot}. Not thread-safe.
 */
final class AgentMetricFamilies {

  private record Sample(Map<String, String> labels, double value) {}

  private record Family(String type, @Nullable String help, List<Sample> samples) {}

  private final Map<String, Family> families = new LinkedHashMap<>();

  /**
   * Starts a family; its samples follow.
   *
   * @param type {@code counter} or {@code gauge}
   * @throws IllegalStateException if the family was stated already
   */
  AgentMetricFamilies family(String name, String type, @Nullable String help) {
    if (!type.equals("counter") && !type.equals("gauge")) {
      throw new IllegalArgumentException("metric family " + name + " has type " + type);
    }
    if (type.equals("counter") && !name.endsWith("_total")) {
      throw new IllegalArgumentException("counter " + name + " must end in _total");
    }
    if (families.putIfAbsent(name, new Family(type, help, new ArrayList<>())) != null) {
      throw new IllegalStateException("metric family " + name + " written twice");
    }
    return this;
  }

  /** A sample without labels. */
  AgentMetricFamilies sample(String name, String value) {
    return sample(name, Map.of(), value, null);
  }

  /** A sample with one label. */
  AgentMetricFamilies sample(String name, String label, String labelValue, String value) {
    return sample(name, Map.of(label, labelValue), value, null);
  }

  /**
   * A sample of the family {@code name}, stated before.
   *
   * @param value a number as {@link Double#parseDouble} reads it
   * @param timestampMillis must be null: the agent's own metrics are of the scrape's time
   */
  AgentMetricFamilies sample(
      String name, Map<String, String> labels, String value, @Nullable Long timestampMillis) {
    Family family = families.get(name);
    if (family == null) {
      throw new IllegalStateException("metric family " + name + " was not started");
    }
    if (timestampMillis != null) {
      throw new IllegalArgumentException("the agent's own metrics carry no timestamp");
    }
    family.samples().add(new Sample(Map.copyOf(labels), Double.parseDouble(value)));
    return this;
  }

  /** The families as the client's model. */
  MetricSnapshots snapshots() {
    List<MetricSnapshot> snapshots = new ArrayList<>(families.size());
    families.forEach((name, family) -> snapshots.add(snapshot(name, family)));
    return new MetricSnapshots(snapshots);
  }

  private static MetricSnapshot snapshot(String name, Family family) {
    if (family.type().equals("counter")) {
      CounterSnapshot.Builder counter =
          CounterSnapshot.builder().name(name.substring(0, name.length() - "_total".length()));
      help(counter, family);
      for (Sample sample : family.samples()) {
        counter.dataPoint(
            CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(labels(sample))
                .value(sample.value())
                .build());
      }
      return counter.build();
    }
    if (name.endsWith("_info")) {
      InfoSnapshot.Builder info =
          InfoSnapshot.builder().name(name.substring(0, name.length() - "_info".length()));
      help(info, family);
      for (Sample sample : family.samples()) {
        info.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(labels(sample)).build());
      }
      return info.build();
    }
    GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name);
    help(gauge, family);
    for (Sample sample : family.samples()) {
      gauge.dataPoint(
          GaugeSnapshot.GaugeDataPointSnapshot.builder()
              .labels(labels(sample))
              .value(sample.value())
              .build());
    }
    return gauge.build();
  }

  private static void help(MetricSnapshot.Builder<?> builder, Family family) {
    if (family.help() != null) {
      builder.help(family.help());
    }
  }

  private static Labels labels(Sample sample) {
    Labels.Builder labels = Labels.builder();
    sample.labels().forEach(labels::label);
    return labels.build();
  }
}
