package io.windlass.manifolds.status;

import io.windlass.manifolds.spool.LatestSamples;
import io.windlass.spool.MetricKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code GET /federate} serves, in the Prometheus text format: the latest sample of every
 * series recorded into the spool ({@link LatestSamples}), with its time, as Prometheus' own {@code
 * /federate} serves the series it holds. They are apart from {@code /metrics} (the agent's own
 * metrics), so that a scraper of {@code /metrics} gets nothing that could meet the series it writes
 * itself ({@code up}, {@code scrape_*} of the agent's job and instance).
 *
 * <p>Each sample keeps its labels, {@code job} and {@code instance} of scraped targets included, so
 * a scraper with {@code honor_labels: true} stores it under its original identity; with the default
 * {@code honor_labels: false} the scraper renames them {@code exported_job} and {@code
 * exported_instance}. Each sample also gets {@code source}: the source that recorded it ({@code
 * input:cpu}, {@code input:prometheus/node}, {@code push:prometheus}, ...), as the sender labels
 * what it forwards; so no sample is without labels, and the same series from two sources stays two.
 *
 * <p>Names follow the sender's rules: spool keys become metric names with every character
 * Prometheus does not allow as {@code _} ({@code cpu.usage.user} is {@code cpu_usage_user}), label
 * names likewise; a label of the sample named {@code source} or starting with {@code __} is renamed
 * {@code exported_<name>}; labels with empty values are left out; series whose names and labels
 * then meet are one series, the latest sample winning. A family's type and help are what the
 * batches described ({@link ExposedFamily}); a family no batch described is {@code counter} when
 * its keys are declared counters, else {@code gauge}.
 */
final class Federation {
  /** The label naming the source that recorded a sample. */
  static final String SOURCE = "source";

  private static final String EXPORTED = "exported_";

  private Federation() {}

  /** The exposition of the view's latest samples, families and series sorted. */
  static String render(LatestSamples latest) {
    Exposition out = new Exposition();
    Map<String, Map<String, Series>> families = new TreeMap<>();
    for (LatestSamples.Sample sample : latest.snapshot()) {
      String name = Exposition.metricName(sample.key());
      Map<String, String> labels = labels(sample);
      families
          .computeIfAbsent(name, n -> new TreeMap<>())
          .merge(
              labels.toString(),
              new Series(labels, sample),
              (a, b) -> b.sample().time().isAfter(a.sample().time()) ? b : a);
    }
    families.forEach(
        (name, byLabels) -> {
          List<Series> series = new ArrayList<>(byLabels.values());
          boolean counters = series.stream().allMatch(s -> s.sample().kind() == MetricKind.COUNTER);
          ExposedFamily family =
              ExposedFamily.of(series.get(0).sample().key(), latest::family, counters);
          out.family(name, family.type(), family.help());
          series.sort(Comparator.comparing(s -> s.labels().toString()));
          for (Series s : series) {
            out.sample(name, s.labels(), s.sample().value(), s.sample().time().toEpochMilli());
          }
        });
    return out.text();
  }

  /** The sample's labels as served: {@code source}, then its own, renamed as needed; sorted. */
  static Map<String, String> labels(LatestSamples.Sample sample) {
    TreeMap<String, String> labels = new TreeMap<>();
    labels.put(SOURCE, sample.source());
    for (Map.Entry<String, String> label : sample.labels().entrySet()) {
      if (label.getValue().isEmpty()) {
        continue;
      }
      String name = Exposition.labelName(label.getKey());
      if (name.startsWith("__") || name.equals(SOURCE)) {
        name = EXPORTED + name;
      }
      labels.putIfAbsent(name, label.getValue());
    }
    return labels;
  }

  private record Series(Map<String, String> labels, LatestSamples.Sample sample) {}
}
