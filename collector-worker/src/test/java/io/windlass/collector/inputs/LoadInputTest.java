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

class LoadInputTest {
  @TempDir Path dir;

  private static List<Metric> collect(LoadInput input) throws Exception {
    MemoryAccumulator accumulator = new MemoryAccumulator();
    input.collect(accumulator);
    return accumulator.metrics();
  }

  @Test
  void reportsLoadAveragesAndCores() throws Exception {
    ProcFixture proc =
        new ProcFixture(dir).install("load/loadavg", "loadavg").install("load/stat", "stat");
    List<Metric> metrics = collect(new LoadInput(proc.root()));

    assertThat(value(metrics, "load1")).isEqualTo(0.52);
    assertThat(value(metrics, "load5")).isEqualTo(1.25);
    assertThat(value(metrics, "load15")).isEqualTo(2.0);
    assertThat(value(metrics, "cores")).isEqualTo(4.0);
    assertThat(value(metrics, "load1_per_core")).isEqualTo(0.13);
    assertThat(value(metrics, "load5_per_core")).isEqualTo(0.3125);
    assertThat(value(metrics, "load15_per_core")).isEqualTo(0.5);
    assertThat(metrics).hasSize(7);
  }

  @Test
  void malformedLoadFailsNamingFileAndLine() {
    ProcFixture proc =
        new ProcFixture(dir)
            .install("load/loadavg-malformed", "loadavg")
            .install("load/stat", "stat");
    assertThatThrownBy(() -> collect(new LoadInput(proc.root())))
        .isInstanceOf(ProcFormatException.class)
        .hasMessage(
            dir.resolve("loadavg")
                + ":1: load5 'high' is not a decimal number: '0.52 high 2.00 3/512 12345'");
  }

  @Test
  void missingStatFailsNamingTheFile() {
    ProcFixture proc = new ProcFixture(dir).install("load/loadavg", "loadavg");
    assertThatThrownBy(() -> collect(new LoadInput(proc.root())))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(dir.resolve("stat").toString());
  }

  @Test
  void collectsPlausibleFiguresFromThisMachine() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/loadavg")));
    List<Metric> metrics = collect(new LoadInput());
    assertThat(ProcFixture.allFiniteAndUnstamped(metrics)).isTrue();
    assertThat(value(metrics, "cores")).isGreaterThanOrEqualTo(1.0);
    assertThat(value(metrics, "load1")).isNotNegative();
  }
}
