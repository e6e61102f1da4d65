package io.windlass.collector.inputs;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** The counters of {@code /proc/vmstat}: lines of {@code name value}. */
final class Vmstat {
  private final Map<String, Long> counters;

  private Vmstat(Map<String, Long> counters) {
    this.counters = counters;
  }

  /** Reads {@code vmstat} under {@code root}. */
  static Vmstat read(ProcRoot root) throws IOException {
    Map<String, Long> counters = new LinkedHashMap<>();
    for (ProcLine line : root.readLines("vmstat")) {
      List<String> fields = line.fields();
      if (fields.isEmpty()) {
        continue;
      }
      if (fields.size() != 2) {
        throw line.malformed("expected 'name value'");
      }
      counters.put(fields.get(0), line.parseCounter(fields.get(1), fields.get(0)));
    }
    return new Vmstat(counters);
  }

  /** Every counter, in file order. */
  Map<String, Long> counters() {
    return Collections.unmodifiableMap(counters);
  }

  /** The counter named {@code name}, if the file has it. */
  OptionalLong get(String name) {
    Long value = counters.get(name);
    return value == null ? OptionalLong.empty() : OptionalLong.of(value);
  }
}
