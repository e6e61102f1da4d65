package io.windlass.collector.inputs;

import io.windlass.collector.Accumulator;
import io.windlass.collector.Input;
import io.windlass.collector.InputExt;
import io.windlass.collector.InputWithPrefix;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Disk I/O rates from {@code /proc/diskstats}, from the difference between two collects. The first
 * collect only records the counters; a device whose counters went backwards is skipped for that
 * collect. Devices whose whole name matches the skip pattern are not reported: by default
 * partitions, loop, ram, zram, floppy and optical devices, so whole disks (and device-mapper
 * volumes) remain.
 *
 * <p>Metrics (default prefix {@code system.diskio.}), tagged {@code device}:
 *
 * <ul>
 *   <li>{@code read_bytes_per_sec}, {@code write_bytes_per_sec} — sectors (512 bytes, whatever the
 *       device's own sector size) read and written, in bytes per second
 *   <li>{@code reads_per_sec}, {@code writes_per_sec} — completed operations per second
 *   <li>{@code read_await_ms}, {@code write_await_ms} — average milliseconds per completed
 *       operation; 0 when there were none
 *   <li>{@code util_percent} — share of the interval the device was busy, at most 100
 * </ul>
 */
public final class DiskioInput implements InputWithPrefix, InputExt {
  /** Partitions, and devices that are not disks. */
  public static final Pattern DEFAULT_SKIP =
      Pattern.compile(
          "(loop|ram|zram|fd|sr)\\d+|(sd|vd|xvd|hd)[a-z]+\\d+|(nvme\\d+n\\d+|mmcblk\\d+)p\\d+");

  private static final int SECTOR_BYTES = 512;
  // Indexes into the counters kept per device.
  private static final int READS = 0;
  private static final int SECTORS_READ = 1;
  private static final int MS_READING = 2;
  private static final int WRITES = 3;
  private static final int SECTORS_WRITTEN = 4;
  private static final int MS_WRITING = 5;
  private static final int MS_DOING_IO = 6;
  // Columns of /proc/diskstats after major, minor and name.
  private static final int[] COLUMNS = {0, 2, 3, 4, 6, 7, 9};
  private static final String[] COLUMN_NAMES = {
    "reads completed",
    "sectors read",
    "ms reading",
    "writes completed",
    "sectors written",
    "ms writing",
    "ms doing I/O"
  };

  private final ProcRoot procRoot;
  private final Pattern skip;
  private final LongSupplier nanoTime;
  private @Nullable CounterSnapshot previous;

  /** Whole disks from {@code /proc/diskstats}, on the system's monotonic clock. */
  public DiskioInput() {
    this(ProcRoot.DEFAULT, DEFAULT_SKIP, System::nanoTime);
  }

  /**
   * @param procRoot where {@code /proc} is
   * @param skip devices whose whole name matches are not reported
   * @param nanoTime a monotonic clock in nanoseconds, like {@link System#nanoTime()}
   */
  public DiskioInput(ProcRoot procRoot, Pattern skip, LongSupplier nanoTime) {
    this.procRoot = Objects.requireNonNull(procRoot, "procRoot");
    this.skip = Objects.requireNonNull(skip, "skip");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  @Override
  public String defaultPrefix() {
    return "system.diskio.";
  }

  @Override
  public void collect(Accumulator accumulator) throws Exception {
    List<ProcLine> lines = procRoot.readLines("diskstats");
    long now = nanoTime.getAsLong();
    Map<String, long[]> counters = new LinkedHashMap<>();
    for (ProcLine line : lines) {
      List<String> fields = line.fields();
      if (fields.isEmpty()) {
        continue;
      }
      if (fields.size() < 14) {
        throw line.malformed("expected at least 14 columns, got " + fields.size());
      }
      String device = fields.get(2);
      if (skip.matcher(device).matches()) {
        continue;
      }
      long[] values = new long[COLUMNS.length];
      for (int i = 0; i < COLUMNS.length; i++) {
        values[i] = line.parseCounter(fields.get(3 + COLUMNS[i]), device + " " + COLUMN_NAMES[i]);
      }
      counters.put(device, values);
    }
    CounterSnapshot current = new CounterSnapshot(now, counters);
    CounterSnapshot before = previous;
    previous = current;
    if (before == null) {
      return;
    }
    for (String device : counters.keySet()) {
      Optional<double[]> rates = current.ratesSince(before, device);
      if (rates.isPresent()) {
        report(accumulator, device, rates.get());
      }
    }
  }

  private static void report(Accumulator accumulator, String device, double[] rate) {
    Map<String, String> tags = Map.of("device", device);
    accumulator.addMetric("read_bytes_per_sec", tags, rate[SECTORS_READ] * SECTOR_BYTES);
    accumulator.addMetric("write_bytes_per_sec", tags, rate[SECTORS_WRITTEN] * SECTOR_BYTES);
    accumulator.addMetric("reads_per_sec", tags, rate[READS]);
    accumulator.addMetric("writes_per_sec", tags, rate[WRITES]);
    accumulator.addMetric("read_await_ms", tags, ratio(rate[MS_READING], rate[READS]));
    accumulator.addMetric("write_await_ms", tags, ratio(rate[MS_WRITING], rate[WRITES]));
    // ms busy per second of wall time: 1000 ms/s is 100 %.
    accumulator.addMetric("util_percent", tags, Math.min(100, rate[MS_DOING_IO] / 10));
  }

  private static double ratio(double numerator, double denominator) {
    return denominator > 0 ? numerator / denominator : 0;
  }

  @Override
  public void updateFrom(Input previousInput) {
    if (previousInput instanceof DiskioInput other) {
      previous = other.previous;
    }
  }
}
