package io.windlass.collector.inputs;

import static io.windlass.collector.inputs.ProcFixture.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.windlass.collector.MemoryAccumulator;
import io.windlass.collector.Metric;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskioInputTest {
  @TempDir Path dir;

  private static List<Metric> collect(DiskioInput input) throws Exception {
    MemoryAccumulator accumulator = new MemoryAccumulator();
    input.collect(accumulator);
    return accumulator.metrics();
  }

  private List<Metric> collectTenSecondsApart(Pattern skip) throws Exception {
    ProcFixture proc = new ProcFixture(dir).install("diskio/diskstats-1", "diskstats");
    DiskioInput input = new DiskioInput(proc.root(), skip, proc);
    assertThat(collect(input)).isEmpty();
    proc.install("diskio/diskstats-2", "diskstats");
    proc.advance(10, TimeUnit.SECONDS);
    return collect(input);
  }

  @Test
  void reportsRatesFromTheDeltaBetweenCollects() throws Exception {
    List<Metric> metrics = collectTenSecondsApart(DiskioInput.DEFAULT_SKIP);

    Map<String, String> sda = Map.of("device", "sda");
    assertThat(value(metrics, "read_bytes_per_sec", sda)).isEqualTo(2000 * 512.0);
    assertThat(value(metrics, "write_bytes_per_sec", sda)).isEqualTo(800 * 512.0);
    assertThat(value(metrics, "reads_per_sec", sda)).isEqualTo(100.0);
    assertThat(value(metrics, "writes_per_sec", sda)).isEqualTo(50.0);
    assertThat(value(metrics, "read_await_ms", sda)).isEqualTo(5.0);
    assertThat(value(metrics, "write_await_ms", sda)).isEqualTo(5.0);
    assertThat(value(metrics, "util_percent", sda)).isEqualTo(25.0);
    Map<String, String> idle = Map.of("device", "dm-0");
    assertThat(value(metrics, "util_percent", idle)).isEqualTo(0.0);
    assertThat(value(metrics, "read_await_ms", idle)).isEqualTo(0.0);
  }

  @Test
  void skipsPartitionsVirtualDevicesAndDevicesWhoseCountersWentBackwards() throws Exception {
    List<Metric> metrics = collectTenSecondsApart(DiskioInput.DEFAULT_SKIP);
    // nvme0n1's counters restarted; sda1, nvme0n1p1, loop0 and zram0 match the skip pattern.
    assertThat(metrics).extracting(m -> m.tags().get("device")).containsOnly("sda", "dm-0");
    assertThat(metrics).hasSize(14);
  }

  @Test
  void skipPatternIsConfigurable() throws Exception {
    List<Metric> metrics = collectTenSecondsApart(Pattern.compile("dm-\\d+"));
    assertThat(metrics)
        .extracting(m -> m.tags().get("device"))
        .containsOnly("sda", "sda1", "nvme0n1p1", "loop0", "zram0");
  }

  @Test
  void reportsNothingWhenNoTimePassed() throws Exception {
    ProcFixture proc = new ProcFixture(dir).install("diskio/diskstats-1", "diskstats");
    DiskioInput input = new DiskioInput(proc.root(), DiskioInput.DEFAULT_SKIP, proc);
    collect(input);
    proc.install("diskio/diskstats-2", "diskstats");
    assertThat(collect(input)).isEmpty();
  }

  @Test
  void malformedLineFailsNamingFileAndLine() {
    ProcFixture proc = new ProcFixture(dir).install("diskio/diskstats-malformed", "diskstats");
    assertThatThrownBy(() -> collect(new DiskioInput(proc.root(), DiskioInput.DEFAULT_SKIP, proc)))
        .isInstanceOf(ProcFormatException.class)
        .hasMessageStartingWith(
            dir.resolve("diskstats") + ":1: expected at least 14 columns, got 6");
  }

  @Test
  void missingFileFailsNamingTheFile() {
    ProcFixture proc = new ProcFixture(dir);
    assertThatThrownBy(() -> collect(new DiskioInput(proc.root(), DiskioInput.DEFAULT_SKIP, proc)))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(dir.resolve("diskstats").toString());
  }

  @Test
  void collectsPlausibleFiguresFromThisMachine() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/diskstats")));
    DiskioInput input = new DiskioInput();
    collect(input);
    List<Metric> metrics = collect(input);
    assertThat(ProcFixture.allFiniteAndUnstamped(metrics)).isTrue();
    assertThat(metrics).allSatisfy(m -> assertThat(m.value()).isNotNegative());
    assertThat(metrics)
        .filteredOn(m -> m.name().equals("util_percent"))
        .allSatisfy(m -> assertThat(m.value()).isBetween(0.0, 100.0));
  }
}
