package io.windlass.collector.inputs;

import io.windlass.collector.Accumulator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Disk I/O counters from {@code /proc/diskstats}, as node_exporter's {@code diskstats} collector
 * reports them: the kernel's running totals, sectors as bytes (512 per sector, whatever the
 * device's own sector size) and milliseconds as seconds. Devices whose name matches the exclude
 * pattern are not reported; by default node_exporter's ({@link #DEFAULT_EXCLUDE}: partitions of sd,
 * hd, vd, xvd and nvme disks, loop, ram and floppy devices).
 *
 * <p>Metrics (default prefix {@code node_}), label {@code device}, counters unless said otherwise;
 * a kernel with fewer columns (before 4.18 no discards, before 5.5 no flushes) has fewer:
 *
 * <ul>
 *   <li>{@code disk_reads_completed_total}, {@code disk_reads_merged_total}, {@code
 *       disk_read_bytes_total}, {@code disk_read_time_seconds_total}
 *   <li>{@code disk_writes_completed_total}, {@code disk_writes_merged_total}, {@code
 *       disk_written_bytes_total}, {@code disk_write_time_seconds_total}
 *   <li>{@code disk_io_now} (gauge), {@code disk_io_time_seconds_total}, {@code
 *       disk_io_time_weighted_seconds_total}
 *   <li>{@code disk_discards_completed_total}, {@code disk_discards_merged_total}, {@code
 *       disk_discarded_sectors_total} (in sectors, as node_exporter has it), {@code
 *       disk_discard_time_seconds_total}
 *   <li>{@code disk_flush_requests_total}, {@code disk_flush_requests_time_seconds_total}
 * </ul>
 */
public final class NodeDiskstatsInput extends NodeExporterInput {
  /** node_exporter's default {@code --collector.diskstats.device-exclude}. */
  public static final Pattern DEFAULT_EXCLUDE =
      Pattern.compile("^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$");

  /** How a column of {@code diskstats} is reported. */
  private record Column(String name, String help, double scale, boolean counter) {}

  private static final double SECTOR_BYTES = 512;
  private static final double SECONDS_PER_MS = 1.0 / 1000.0;

  /** The columns after major, minor and name, in file order. */
  private static final List<Column> COLUMNS =
      List.of(
          new Column(
              "disk_reads_completed_total",
              "The total number of reads completed successfully.",
              1,
              true),
          new Column("disk_reads_merged_total", "The total number of reads merged.", 1, true),
          new Column(
              "disk_read_bytes_total",
              "The total number of bytes read successfully.",
              SECTOR_BYTES,
              true),
          new Column(
              "disk_read_time_seconds_total",
              "The total number of seconds spent by all reads.",
              SECONDS_PER_MS,
              true),
          new Column(
              "disk_writes_completed_total",
              "The total number of writes completed successfully.",
              1,
              true),
          new Column("disk_writes_merged_total", "The number of writes merged.", 1, true),
          new Column(
              "disk_written_bytes_total",
              "The total number of bytes written successfully.",
              SECTOR_BYTES,
              true),
          new Column(
              "disk_write_time_seconds_total",
              "This is the total number of seconds spent by all writes.",
              SECONDS_PER_MS,
              true),
          new Column("disk_io_now", "The number of I/Os currently in progress.", 1, false),
          new Column(
              "disk_io_time_seconds_total",
              "Total seconds spent doing I/Os.",
              SECONDS_PER_MS,
              true),
          new Column(
              "disk_io_time_weighted_seconds_total",
              "The weighted # of seconds spent doing I/Os.",
              SECONDS_PER_MS,
              true),
          new Column(
              "disk_discards_completed_total",
              "The total number of discards completed successfully.",
              1,
              true),
          new Column("disk_discards_merged_total", "The total number of discards merged.", 1, true),
          new Column(
              "disk_discarded_sectors_total",
              "The total number of sectors discarded successfully.",
              1,
              true),
          new Column(
              "disk_discard_time_seconds_total",
              "This is the total number of seconds spent by all discards.",
              SECONDS_PER_MS,
              true),
          new Column(
              "disk_flush_requests_total",
              "The total number of flush requests completed successfully",
              1,
              true),
          new Column(
              "disk_flush_requests_time_seconds_total",
              "This is the total number of seconds spent by all flush requests.",
              SECONDS_PER_MS,
              true));

  /** The fewest columns after the name a kernel writes (before 4.18). */
  private static final int MIN_COLUMNS = 11;

  private final Pattern exclude;

  /** Devices node_exporter reports by default, from {@code /proc/diskstats}. */
  public NodeDiskstatsInput() {
    this(ProcRoot.DEFAULT, DEFAULT_EXCLUDE);
  }

  /**
   * @param procRoot where {@code /proc} is
   * @param exclude devices whose name it finds a match in are not reported
   */
  public NodeDiskstatsInput(ProcRoot procRoot, Pattern exclude) {
    super("diskio", procRoot);
    this.exclude = Objects.requireNonNull(exclude, "exclude");
  }

  @Override
  public void collect(Accumulator accumulator) throws Exception {
    List<ProcLine> lines = procRoot.readLines("diskstats");
    for (Column column : COLUMNS) {
      if (column.counter) {
        counter(accumulator, column.name, column.help);
      } else {
        gauge(accumulator, column.name, column.help);
      }
    }
    for (ProcLine line : lines) {
      List<String> fields = line.fields();
      if (fields.isEmpty()) {
        continue;
      }
      int columns = fields.size() - 3;
      if (columns < MIN_COLUMNS) {
        throw line.malformed(
            "expected at least " + (MIN_COLUMNS + 3) + " columns, got " + fields.size());
      }
      String device = fields.get(2);
      if (exclude.matcher(device).find()) {
        continue;
      }
      Map<String, String> labels = Map.of("device", device);
      for (int i = 0; i < Math.min(columns, COLUMNS.size()); i++) {
        Column column = COLUMNS.get(i);
        long value = line.parseCounter(fields.get(3 + i), device + " " + column.name);
        accumulator.addMetric(column.name, labels, value * column.scale);
      }
    }
  }
}
