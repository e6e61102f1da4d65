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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemInputTest {
  private static final double KIB = 1024;

  @TempDir Path dir;

  private static List<Metric> collect(MemInput input) throws Exception {
    MemoryAccumulator accumulator = new MemoryAccumulator();
    input.collect(accumulator);
    return accumulator.metrics();
  }

  @Test
  void reportsMeminfoFiguresInBytes() throws Exception {
    ProcFixture proc = new ProcFixture(dir).install("mem/meminfo", "meminfo");
    List<Metric> metrics = collect(new MemInput(proc.root()));

    assertThat(value(metrics, "total")).isEqualTo(16_000_000 * KIB);
    assertThat(value(metrics, "free")).isEqualTo(2_000_000 * KIB);
    assertThat(value(metrics, "available")).isEqualTo(8_000_000 * KIB);
    assertThat(value(metrics, "used")).isEqualTo(8_000_000 * KIB);
    assertThat(value(metrics, "used_percent")).isEqualTo(50.0);
    assertThat(value(metrics, "available_percent")).isEqualTo(50.0);
    assertThat(value(metrics, "buffers")).isEqualTo(500_000 * KIB);
    assertThat(value(metrics, "cached")).isEqualTo(4_000_000 * KIB);
    assertThat(value(metrics, "slab")).isEqualTo(300_000 * KIB);
    assertThat(value(metrics, "shared")).isEqualTo(100_000 * KIB);
    assertThat(metrics).hasSize(10);
  }

  @Test
  void estimatesAvailableOnKernelsWithoutMemAvailable() throws Exception {
    ProcFixture proc = new ProcFixture(dir).install("mem/meminfo-without-available", "meminfo");
    List<Metric> metrics = collect(new MemInput(proc.root()));

    assertThat(value(metrics, "available")).isEqualTo(6_500_000 * KIB);
    assertThat(value(metrics, "used_percent")).isEqualTo(59.375);
  }

  @Test
  void malformedLineFailsNamingFileAndLine() {
    ProcFixture proc = new ProcFixture(dir).install("mem/meminfo-malformed", "meminfo");
    assertThatThrownBy(() -> collect(new MemInput(proc.root())))
        .isInstanceOf(ProcFormatException.class)
        .hasMessage(
            dir.resolve("meminfo") + ":4: expected 'Name: value [kB]': 'Buffers 500000 kB'");
  }

  @Test
  void missingFileFailsNamingTheFile() {
    assertThatThrownBy(() -> collect(new MemInput(new ProcRoot(dir))))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(dir.resolve("meminfo").toString());
  }

  @Test
  void collectsPlausibleFiguresFromThisMachine() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/meminfo")));
    List<Metric> metrics = collect(new MemInput());
    assertThat(ProcFixture.allFiniteAndUnstamped(metrics)).isTrue();
    assertThat(value(metrics, "total")).isPositive();
    assertThat(value(metrics, "used")).isBetween(0.0, value(metrics, "total"));
    assertThat(value(metrics, "used_percent")).isBetween(0.0, 100.0);
  }
}
