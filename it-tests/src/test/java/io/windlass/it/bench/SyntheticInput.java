package io.windlass.it.bench;

import static java.util.Objects.requireNonNull;

import io.windlass.collector.Accumulator;
import io.windlass.collector.InputWithPrefix;
import io.windlass.spool.MetricValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An input that emits {@code size} metrics per collect, as a host input does: each one made with
 * {@link Accumulator#addMetric(String, Map, double)} from a name among 100 and a tag set among 100,
 * prepared once; half of the values are whole numbers, half fractions, and they change every
 * collect. Default prefix {@value #PREFIX}.
 *
 * <p>{@link #batchOf} gives what the pipeline writes for a collect, as spool arguments, so that a
 * baseline can write the same batch without the pipeline.
 */
final class SyntheticInput implements InputWithPrefix {
  static final String PREFIX = "bench.";
  private static final int NAMES = 100;

  private final int size;
  private final String[] names = new String[NAMES];
  private final List<Map<String, String>> tags = new ArrayList<>();
  private int collects;

  SyntheticInput(int size) {
    this.size = size;
    for (int i = 0; i < NAMES; i++) {
      names[i] = String.format(Locale.ROOT, "metric_%02d", i);
      tags.add(Map.of("series", "s" + i, "source", "bench"));
    }
  }

  @Override
  public String defaultPrefix() {
    return PREFIX;
  }

  @Override
  public void collect(Accumulator accumulator) {
    int run = collects++;
    for (int i = 0; i < size; i++) {
      accumulator.addMetric(names[i % NAMES], tags.get(i / NAMES % NAMES), value(run, i));
    }
  }

  /** The {@code i}th value of collect {@code run}: a whole number or a fraction in eighths. */
  static double value(int run, int i) {
    long n = (long) run * 7919 + i;
    return i % 2 == 0 ? n : n / 8.0;
  }

  /**
   * One metric as the pipeline hands it to the spool.
   *
   * @param key the prefixed name
   * @param value the value as the pipeline's decimal text
   * @param time the run's window start
   * @param labels the metric's tags
   */
  record SpoolLine(String key, String value, Instant time, Map<String, String> labels) {}

  /** What the pipeline writes for collect {@code run} of a fresh input (health metrics aside). */
  List<SpoolLine> batchOf(int run, Instant window) {
    List<SpoolLine> lines = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      lines.add(
          new SpoolLine(
              PREFIX + names[i % NAMES],
              requireNonNull(MetricValues.format(value(run, i))),
              window,
              tags.get(i / NAMES % NAMES)));
    }
    return lines;
  }
}
