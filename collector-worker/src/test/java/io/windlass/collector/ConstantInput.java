package io.windlass.collector;

import java.util.Map;
import java.util.TreeMap;

/**
 * An input that reports fixed values, and how many times it has collected: the smallest input that
 * keeps state, used to prove the {@link InputContractTest} kit.
 */
public final class ConstantInput implements InputWithPrefix, InputExt {
  private final Map<String, Double> values;
  private long collects;

  /** An input reporting {@code values} by name. */
  public ConstantInput(Map<String, Double> values) {
    this.values = new TreeMap<>(values);
  }

  @Override
  public String defaultPrefix() {
    return "constant.";
  }

  @Override
  public void collect(Accumulator accumulator) {
    collects++;
    values.forEach((name, value) -> accumulator.addMetric(name, Map.of("source", "fixed"), value));
    accumulator.addMetric(Metric.of("collects", collects));
  }

  @Override
  public void updateFrom(Input previous) {
    if (previous instanceof ConstantInput constant) {
      collects = constant.collects;
    }
  }

  @Override
  public Map<String, Object> debugInfo() {
    return Map.of("collects", collects);
  }
}
