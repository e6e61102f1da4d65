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

class CpuInputTest {
  @TempDir Path dir;

  private List<Metric> collect(CpuInput input) throws Exception {
    MemoryAccumulator accumulator = new MemoryAccumulator();
    input.collect(accumulator);
    return accumulator.metrics();
  }

  @Test
  void firstCollectOnlyEstablishesTheBaseline() throws Exception {
    ProcFixture proc = new ProcFixture(dir).install("cpu/stat-1", "stat");
    assertThat(collect(new CpuInput(proc.root(), true))).isEmpty();
  }

  @Test
  void reportsTotalPercentagesFromTheDeltaBetweenCollects() throws Exception {
    ProcFixture proc = new ProcFixture(dir).install("cpu/stat-1", "stat");
    CpuInput input = new CpuInput(proc.root(), false);
    collect(input);
    proc.install("cpu/stat-2", "stat");

    List<Metric> metrics = collect(input);

    Map<String, String> total = Map.of("cpu", "cpu-total");
    assertThat(metrics).allMatch(m -> m.tags().equals(total));
    assertThat(value(metrics, "usage_user", total)).isEqualTo(30.0);
    assertThat(value(metrics, "usage_nice", total)).isEqualTo(0.0);
    assertThat(value(metrics, "usage_system", total)).isEqualTo(10.0);
    assertThat(value(metrics, "usage_idle", total)).isEqualTo(50.0);
    assertThat(value(metrics, "usage_iowait", total)).isEqualTo(5.0);
    assertThat(value(metrics, "usage_irq", total)).isEqualTo(0.0);
    assertThat(value(metrics, "usage_softirq", total)).isEqualTo(2.5);
    assertThat(value(metrics, "usage_steal", total)).isEqualTo(2.5);
    assertThat(value(metrics, "usage_guest", total)).isEqualTo(0.0);
    assertThat(value(metrics, "usage_guest_nice", total)).isEqualTo(0.0);
    assertThat(value(metrics, "usage_active", total)).isEqualTo(45.0);
    assertThat(metrics).hasSize(11);
  }

  @Test
  void reportsEachCpuWhenAsked() throws Exception {
    ProcFixture proc = new ProcFixture(dir).install("cpu/stat-1", "stat");
    CpuInput input = new CpuInput(proc.root(), true);
    collect(input);
    proc.install("cpu/stat-2", "stat");

    List<Metric> metrics = collect(input);

    assertThat(metrics).hasSize(33);
    Map<String, String> cpu0 = Map.of("cpu", "cpu0");
    Map<String, String> cpu1 = Map.of("cpu", "cpu1");
    assertThat(value(metrics, "usage_user", cpu0)).isEqualTo(40.0);
    assertThat(value(metrics, "usage_iowait", cpu0)).isEqualTo(10.0);
    assertThat(value(metrics, "usage_active", cpu0)).isEqualTo(50.0);
    assertThat(value(metrics, "usage_user", cpu1)).isEqualTo(20.0);
    assertThat(value(metrics, "usage_steal", cpu1)).isEqualTo(5.0);
    assertThat(value(metrics, "usage_idle", cpu1)).isEqualTo(60.0);
    assertThat(value(metrics, "usage_active", cpu1)).isEqualTo(40.0);
  }

  @Test
  void skipsACpuWhoseCountersWentBackwards() throws Exception {
    ProcFixture proc = new ProcFixture(dir).install("cpu/stat-1", "stat");
    CpuInput input = new CpuInput(proc.root(), true);
    collect(input);
    proc.install("cpu/stat-cpu1-reset", "stat");

    List<Metric> metrics = collect(input);

    assertThat(metrics).extracting(m -> m.tags().get("cpu")).containsOnly("cpu-total", "cpu0");
  }

  @Test
  void reportsNothingWhenNoTimePassed() throws Exception {
    ProcFixture proc = new ProcFixture(dir).install("cpu/stat-1", "stat");
    CpuInput input = new CpuInput(proc.root(), true);
    collect(input);
    assertThat(collect(input)).isEmpty();
  }

  @Test
  void keepsTheBaselineOfTheInstanceItReplaces() throws Exception {
    ProcFixture proc = new ProcFixture(dir).install("cpu/stat-1", "stat");
    CpuInput old = new CpuInput(proc.root(), false);
    collect(old);
    proc.install("cpu/stat-2", "stat");
    CpuInput replacement = new CpuInput(proc.root(), false);
    replacement.updateFrom(old);

    assertThat(value(collect(replacement), "usage_user", Map.of("cpu", "cpu-total")))
        .isEqualTo(30.0);
  }

  @Test
  void malformedLineFailsNamingFileAndLine() {
    ProcFixture proc = new ProcFixture(dir).install("cpu/stat-malformed", "stat");
    assertThatThrownBy(() -> collect(new CpuInput(proc.root(), false)))
        .isInstanceOf(ProcFormatException.class)
        .hasMessage(
            dir.resolve("stat") + ":2: cpu0 has 2 counters, expected at least 4: 'cpu0 500 50'");
  }

  @Test
  void nonNumericCounterFailsNamingTheCounter() {
    ProcFixture proc = new ProcFixture(dir).install("cpu/stat-garbage-counter", "stat");
    assertThatThrownBy(() -> collect(new CpuInput(proc.root(), false)))
        .isInstanceOf(ProcFormatException.class)
        .hasMessageStartingWith(
            dir.resolve("stat") + ":2: cpu0 iowait '1x0' is not a decimal counter");
  }

  @Test
  void missingFileFailsNamingTheFile() {
    assertThatThrownBy(() -> collect(new CpuInput(new ProcRoot(dir), false)))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(dir.resolve("stat").toString());
  }

  @Test
  void collectsPlausibleFiguresFromThisMachine() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/stat")));
    CpuInput input = new CpuInput(ProcRoot.DEFAULT, true);
    assertThat(collect(input)).isEmpty();
    List<Metric> metrics = collect(input);
    assertThat(ProcFixture.allFiniteAndUnstamped(metrics)).isTrue();
    assertThat(metrics).allSatisfy(m -> assertThat(m.value()).isBetween(0.0, 100.0));
  }
}
