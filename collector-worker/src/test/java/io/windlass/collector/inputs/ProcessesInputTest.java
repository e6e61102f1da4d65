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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessesInputTest {
  @TempDir Path dir;

  private static List<Metric> collect(ProcessesInput input) throws Exception {
    MemoryAccumulator accumulator = new MemoryAccumulator();
    input.collect(accumulator);
    return accumulator.metrics();
  }

  private static double count(List<Metric> metrics, String state) {
    return value(metrics, "count", Map.of("state", state));
  }

  @Test
  void countsProcessesByStateAndTheirThreads() throws Exception {
    List<Metric> metrics = collect(new ProcessesInput(ProcFixture.resourceRoot("processes")));

    assertThat(count(metrics, "sleeping")).isEqualTo(2.0);
    assertThat(count(metrics, "running")).isEqualTo(1.0);
    assertThat(count(metrics, "zombie")).isEqualTo(1.0);
    assertThat(count(metrics, "blocked")).isEqualTo(1.0);
    assertThat(count(metrics, "idle")).isEqualTo(1.0);
    assertThat(count(metrics, "stopped")).isEqualTo(0.0);
    assertThat(value(metrics, "total")).isEqualTo(6.0);
    assertThat(value(metrics, "threads")).isEqualTo(21.0);
    assertThat(metrics).hasSize(11);
  }

  /** Covers a command name with spaces and parentheses, which must not shift the fields. */
  @Test
  void readsTheStateAfterTheLastParenthesis() throws Exception {
    Path stat = dir.resolve("9/stat");
    Files.createDirectories(stat.getParent());
    Files.writeString(
        stat, "9 (a) b) (c) T 1 9 9 0 -1 0 0 0 0 0 0 0 0 0 20 0 3 0 100 1000 10 0 0 0\n");
    List<Metric> metrics = collect(new ProcessesInput(new ProcRoot(dir)));
    assertThat(count(metrics, "stopped")).isEqualTo(1.0);
    assertThat(value(metrics, "threads")).isEqualTo(3.0);
  }

  @Test
  void ignoresAProcessThatExitedWhileListing() throws Exception {
    Files.createDirectories(dir.resolve("123"));
    List<Metric> metrics = collect(new ProcessesInput(new ProcRoot(dir)));
    assertThat(value(metrics, "total")).isEqualTo(0.0);
  }

  @Test
  void malformedStatFailsNamingFileAndLine() {
    ProcRoot root = ProcFixture.resourceRoot("processes-malformed");
    assertThatThrownBy(() -> collect(new ProcessesInput(root)))
        .isInstanceOf(ProcFormatException.class)
        .hasMessage(root.resolve("7/stat") + ":1: expected 'pid (comm) state ...': '7 bash S 1'");
  }

  @Test
  void missingProcRootFails() {
    assertThatThrownBy(() -> collect(new ProcessesInput(new ProcRoot(dir.resolve("none")))))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(dir.resolve("none").toString());
  }

  @Test
  void collectsPlausibleFiguresFromThisMachine() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/stat")));
    List<Metric> metrics = collect(new ProcessesInput());
    assertThat(ProcFixture.allFiniteAndUnstamped(metrics)).isTrue();
    assertThat(value(metrics, "total")).isGreaterThanOrEqualTo(1.0);
    assertThat(value(metrics, "threads")).isGreaterThanOrEqualTo(value(metrics, "total"));
  }
}
