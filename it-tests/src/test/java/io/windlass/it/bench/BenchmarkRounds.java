package io.windlass.it.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * What every benchmark here shares: warm-up and timed rounds with medians, heap readings, and
 * printing one figure per line as {@code name value unit}.
 */
final class BenchmarkRounds {
  private BenchmarkRounds() {}

  /** One round measuring one figure; {@code round} is -1 for a warm-up round. */
  @FunctionalInterface
  interface Round {
    double run(int round) throws Exception;
  }

  /** One round measuring several figures at once. */
  @FunctionalInterface
  interface MultiRound {
    double[] run(int round) throws Exception;
  }

  /** Runs {@code warmup} untimed rounds, then {@code rounds} timed ones; each figure's median. */
  static double[] medians(int warmup, int rounds, MultiRound round) throws Exception {
    for (int i = 0; i < warmup; i++) {
      round.run(-1);
    }
    double[][] values = new double[rounds][];
    for (int i = 0; i < rounds; i++) {
      values[i] = round.run(i);
    }
    double[] medians = new double[values[0].length];
    for (int figure = 0; figure < medians.length; figure++) {
      double[] column = new double[rounds];
      for (int i = 0; i < rounds; i++) {
        column[i] = values[i][figure];
      }
      medians[figure] = median(column);
    }
    return medians;
  }

  /** As {@link #medians}, for rounds that measure one figure. */
  static double median(int warmup, int rounds, Round round) throws Exception {
    return medians(warmup, rounds, i -> new double[] {round.run(i)})[0];
  }

  static double median(double[] values) {
    return percentile(values, 0.5);
  }

  /** The {@code p} percentile (nearest rank; the median of an even count averages the two). */
  static double percentile(double[] values, double p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    if (p == 0.5 && sorted.length % 2 == 0) {
      return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** The least used heap seen over five collections. */
  static long usedHeapAfterGc() {
    var memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** Collects the previous round's garbage so that it is not timed in this one. */
  static void quiesceHeap() {
    System.gc();
  }

  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  static double seconds(long nanos) {
    return nanos / 1e9;
  }

  static double millis(long nanos) {
    return nanos / 1e6;
  }

  /** Deletes {@code dir} and everything under it, if it exists. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        for (Path entry : entries) {
          deleteTree(entry);
        }
      }
    }
    try {
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Prints {@code name value unit}: two decimals for times, rates of MB and ratios. */
  static void figure(String name, double value, String unit) {
    String formatted =
        unit.equals("ms") || unit.equals("MB/s") || unit.equals("batches") || unit.equals("ratio")
            ? String.format(Locale.ROOT, "%.2f", value)
            : String.format(Locale.ROOT, "%.0f", value);
    System.out.println(name + " " + formatted + " " + unit);
  }

  /** Prints {@code name value unit} with {@code decimals} decimals. */
  static void figure(String name, double value, String unit, int decimals) {
    System.out.println(
        name + " " + String.format(Locale.ROOT, "%." + decimals + "f", value) + " " + unit);
  }
}
