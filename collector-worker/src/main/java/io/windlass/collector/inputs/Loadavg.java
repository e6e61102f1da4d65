package io.windlass.collector.inputs;

import java.io.IOException;
import java.util.List;

/**
 * The 1, 5 and 15 minute load averages of {@code /proc/loadavg}.
 *
 * @param load1 the 1 minute average
 * @param load5 the 5 minute average
 * @param load15 the 15 minute average
 */
record Loadavg(double load1, double load5, double load15) {

  /** The averages' names, in file order. */
  static final List<String> NAMES = List.of("load1", "load5", "load15");

  /** Reads {@code loadavg} under {@code root}. */
  static Loadavg read(ProcRoot root) throws IOException {
    List<ProcLine> lines = root.readLines("loadavg");
    if (lines.isEmpty()) {
      throw new ProcFormatException(root.resolve("loadavg"), 1, "file is empty", "");
    }
    ProcLine line = lines.get(0);
    List<String> fields = line.fields();
    if (fields.size() < 3) {
      throw line.malformed("expected at least 3 load averages");
    }
    double[] loads = new double[3];
    for (int i = 0; i < 3; i++) {
      loads[i] = line.parseDecimal(fields.get(i), NAMES.get(i));
      if (loads[i] < 0) {
        throw line.malformed(NAMES.get(i) + " " + fields.get(i) + " is negative");
      }
    }
    return new Loadavg(loads[0], loads[1], loads[2]);
  }

  /** The averages in {@link #NAMES} order. */
  double[] toArray() {
    return new double[] {load1, load5, load15};
  }
}
