package io.windlass.collector.inputs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code cpu} line of {@code /proc/stat}: time spent in each state since boot, in clock ticks.
 * As in the kernel, {@code user} includes {@code guest} and {@code nice} includes {@code
 * guestNice}. Kernels older than 2.6.33 have fewer columns; the missing ones read 0.
 */
record CpuTimes(
    long user,
    long nice,
    long system,
    long idle,
    long iowait,
    long irq,
    long softirq,
    long steal,
    long guest,
    long guestNice) {

  /** The column names in file order, as the kernel documents them. */
  static final List<String> STATES =
      List.of(
          "user",
          "nice",
          "system",
          "idle",
          "iowait",
          "irq",
          "softirq",
          "steal",
          "guest",
          "guest_nice");

  /**
   * The {@code cpu} lines of {@code stat} under {@code root}, by name ({@code cpu}, {@code cpu0}).
   */
  static Map<String, CpuTimes> read(ProcRoot root) throws IOException {
    return parse(root.resolve("stat"), root.readLines("stat"));
  }

  static Map<String, CpuTimes> parse(Path file, List<ProcLine> lines) throws ProcFormatException {
    Map<String, CpuTimes> cpus = new LinkedHashMap<>();
    for (ProcLine line : lines) {
      if (!line.startsWith("cpu")) {
        continue; // skips splitting the long intr and softirq lines
      }
      List<String> fields = line.fields();
      if (fields.isEmpty() || !fields.get(0).startsWith("cpu")) {
        continue;
      }
      String name = fields.get(0);
      int counters = fields.size() - 1;
      if (counters < 4) {
        throw line.malformed(name + " has " + counters + " counters, expected at least 4");
      }
      long[] values = new long[STATES.size()];
      for (int i = 0; i < Math.min(counters, values.length); i++) {
        values[i] = line.parseCounter(fields.get(i + 1), name + " " + STATES.get(i));
      }
      cpus.put(
          name,
          new CpuTimes(
              values[0], values[1], values[2], values[3], values[4], values[5], values[6],
              values[7], values[8], values[9]));
    }
    if (!cpus.containsKey("cpu")) {
      throw new ProcFormatException(file, 1, "no aggregate 'cpu' line", "");
    }
    return cpus;
  }

  /** The values in {@link #STATES} order. */
  long[] toArray() {
    return new long[] {user, nice, system, idle, iowait, irq, softirq, steal, guest, guestNice};
  }

  /**
   * All time accounted for: the states except guest and guest_nice, which the kernel already counts
   * in user and nice.
   */
  long total() {
    return user + nice + system + idle + iowait + irq + softirq + steal;
  }
}
