package io.windlass.collector.inputs;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.MetricType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeCpuInputTest {
  @TempDir Path dir;

  @Test
  void reportsSecondsPerCpuAndModeAsCountersFromTicks() throws Exception {
    ProcFixture proc = new ProcFixture(dir).install("cpu/stat-1", "stat");
    NodeCollect collect = NodeCollect.of(new NodeCpuInput(proc.root()));

    // cpu0 500 50 250 4000 100 0 50 50 0 0, in ticks of 1/100 s
    assertThat(collect.value("node_cpu_seconds_total", Map.of("cpu", "0", "mode", "user")))
        .isEqualTo(5.0);
    assertThat(collect.value("node_cpu_seconds_total", Map.of("cpu", "0", "mode", "nice")))
        .isEqualTo(0.5);
    assertThat(collect.value("node_cpu_seconds_total", Map.of("cpu", "1", "mode", "system")))
        .isEqualTo(2.5);
    assertThat(collect.value("node_cpu_seconds_total", Map.of("cpu", "1", "mode", "idle")))
        .isEqualTo(40.0);
    assertThat(collect.value("node_cpu_seconds_total", Map.of("cpu", "0", "mode", "iowait")))
        .isEqualTo(1.0);
    assertThat(collect.value("node_cpu_seconds_total", Map.of("cpu", "0", "mode", "steal")))
        .isEqualTo(0.5);
    assertThat(collect.value("node_cpu_guest_seconds_total", Map.of("cpu", "1", "mode", "nice")))
        .isEqualTo(0.0);
    // Two CPUs, no aggregate: 8 modes and 2 guest modes each.
    assertThat(collect.metrics()).hasSize(20);
    assertThat(collect.names())
        .containsExactly("node_cpu_guest_seconds_total", "node_cpu_seconds_total");
    assertThat(collect.labelNames("node_cpu_seconds_total")).containsExactly(Set.of("cpu", "mode"));
    assertThat(collect.type("node_cpu_seconds_total")).isEqualTo(MetricType.COUNTER);
    assertThat(collect.family("node_cpu_seconds_total").help())
        .isEqualTo("Seconds the CPUs spent in each mode.");
    assertThat(collect.type("node_cpu_guest_seconds_total")).isEqualTo(MetricType.COUNTER);
    assertThat(collect.everySampleDescribed()).isTrue();
  }

  /** Covers the kernel's iowait, which is known to go back a little between reads. */
  @Test
  void aCounterTheKernelReportsLowerKeepsItsPreviousValue() throws Exception {
    Path stat = dir.resolve("stat");
    Files.writeString(stat, "cpu  500 0 0 4000 100 0 0 0 0 0\ncpu0 500 0 0 4000 100 0 0 0 0 0\n");
    NodeCpuInput input = new NodeCpuInput(new ProcRoot(dir));
    NodeCollect.of(input);
    Files.writeString(stat, "cpu  600 0 0 4100 90 0 0 0 0 0\ncpu0 600 0 0 4100 90 0 0 0 0 0\n");
    NodeCollect second = NodeCollect.of(input);

    assertThat(second.value("node_cpu_seconds_total", Map.of("cpu", "0", "mode", "iowait")))
        .isEqualTo(1.0);
    assertThat(second.value("node_cpu_seconds_total", Map.of("cpu", "0", "mode", "user")))
        .isEqualTo(6.0);
  }

  @Test
  void aCpuWhoseIdleTimeDropsByThreeSecondsOrMoreStartsAgain() throws Exception {
    ProcFixture proc = new ProcFixture(dir).install("cpu/stat-1", "stat");
    NodeCpuInput input = new NodeCpuInput(proc.root());
    NodeCollect.of(input);
    proc.install("cpu/stat-cpu1-reset", "stat");
    NodeCollect second = NodeCollect.of(input);

    assertThat(second.value("node_cpu_seconds_total", Map.of("cpu", "1", "mode", "idle")))
        .isEqualTo(0.2);
    assertThat(second.value("node_cpu_seconds_total", Map.of("cpu", "1", "mode", "user")))
        .isEqualTo(0.1);
    assertThat(second.value("node_cpu_seconds_total", Map.of("cpu", "0", "mode", "user")))
        .isEqualTo(7.0);
  }

  @Test
  void healthMetricsAreLabelledWithTheInputType() {
    NodeCpuInput input = new NodeCpuInput(new ProcRoot(dir));
    assertThat(input.defaultPrefix()).isEqualTo("node_");
    assertThat(input.targetLabels()).isEqualTo(Map.of("input", "cpu"));
  }
}
