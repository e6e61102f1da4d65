package io.windlass.collector.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.collector.Metric;
import io.windlass.spool.MetricType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeDiskstatsInputTest {
  @TempDir Path dir;

  private NodeCollect collect() throws Exception {
    ProcFixture proc = new ProcFixture(dir).install("diskio/diskstats-1", "diskstats");
    return NodeCollect.of(new NodeDiskstatsInput(proc.root(), NodeDiskstatsInput.DEFAULT_EXCLUDE));
  }

  @Test
  void reportsCountersInBytesAndSecondsPerDevice() throws Exception {
    NodeCollect collect = collect();
    Map<String, String> sda = Map.of("device", "sda");

    assertThat(collect.value("node_disk_reads_completed_total", sda)).isEqualTo(10_000.0);
    assertThat(collect.value("node_disk_reads_merged_total", sda)).isEqualTo(200.0);
    assertThat(collect.value("node_disk_read_bytes_total", sda)).isEqualTo(400_000 * 512.0);
    assertThat(collect.value("node_disk_read_time_seconds_total", sda)).isEqualTo(30.0);
    assertThat(collect.value("node_disk_writes_completed_total", sda)).isEqualTo(5000.0);
    assertThat(collect.value("node_disk_written_bytes_total", sda)).isEqualTo(160_000 * 512.0);
    assertThat(collect.value("node_disk_write_time_seconds_total", sda)).isEqualTo(20.0);
    assertThat(collect.value("node_disk_io_now", sda)).isEqualTo(0.0);
    assertThat(collect.value("node_disk_io_time_seconds_total", sda)).isEqualTo(40.0);
    assertThat(collect.value("node_disk_io_time_weighted_seconds_total", sda)).isEqualTo(50.0);
    assertThat(collect.value("node_disk_flush_requests_total", Map.of("device", "nvme0n1")))
        .isEqualTo(1000.0);
    assertThat(
            collect.value(
                "node_disk_flush_requests_time_seconds_total", Map.of("device", "nvme0n1")))
        .isEqualTo(0.5);
    assertThat(collect.type("node_disk_read_bytes_total")).isEqualTo(MetricType.COUNTER);
    assertThat(collect.type("node_disk_io_now")).isEqualTo(MetricType.GAUGE);
    assertThat(collect.family("node_disk_io_time_seconds_total").help())
        .isEqualTo("Total seconds spent doing I/Os.");
    assertThat(collect.everySampleDescribed()).isTrue();
  }

  @Test
  void leavesOutWhatNodeExporterExcludesByDefault() throws Exception {
    NodeCollect collect = collect();

    // Partitions of sd and nvme disks and loop devices go; device-mapper and zram stay.
    assertThat(collect.metrics().stream().map(m -> m.tags().get("device")).distinct())
        .containsExactlyInAnyOrder("sda", "nvme0n1", "dm-0", "zram0");
    assertThat(collect.metrics()).hasSize(4 * 17);
    assertThat(collect.labelNames("node_disk_io_now")).containsExactly(Set.of("device"));
  }

  @Test
  void aKernelWithElevenColumnsHasNoDiscardOrFlushFigures() throws Exception {
    Files.writeString(dir.resolve("diskstats"), "   8       0 sda 1 2 3 4 5 6 7 8 9 10 11\n");
    NodeCollect collect =
        NodeCollect.of(
            new NodeDiskstatsInput(new ProcRoot(dir), NodeDiskstatsInput.DEFAULT_EXCLUDE));

    assertThat(collect.metrics())
        .hasSize(11)
        .extracting(Metric::name)
        .doesNotContain("node_disk_discards_completed_total", "node_disk_flush_requests_total");
  }

  @Test
  void tooFewColumnsFailNamingTheLine() throws Exception {
    Files.writeString(dir.resolve("diskstats"), "   8       0 sda 1 2 3\n");
    assertThatThrownBy(
            () ->
                NodeCollect.of(
                    new NodeDiskstatsInput(new ProcRoot(dir), NodeDiskstatsInput.DEFAULT_EXCLUDE)))
        .isInstanceOf(ProcFormatException.class)
        .hasMessageContaining("expected at least 14 columns, got 6");
  }
}
