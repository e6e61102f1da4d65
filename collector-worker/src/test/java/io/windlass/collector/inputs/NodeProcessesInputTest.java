package io.windlass.collector.inputs;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.MetricType;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeProcessesInputTest {

  @Test
  void reportsStatFiguresAndProcessesByStateCode() throws Exception {
    NodeCollect collect =
        NodeCollect.of(new NodeProcessesInput(ProcFixture.resourceRoot("processes")));

    assertThat(collect.value("node_procs_running")).isEqualTo(2.0);
    assertThat(collect.value("node_procs_blocked")).isEqualTo(0.0);
    assertThat(collect.value("node_forks_total")).isEqualTo(31_822.0);
    assertThat(collect.value("node_context_switches_total")).isEqualTo(20_458_711.0);
    assertThat(collect.value("node_intr_total")).isEqualTo(9_468_411.0);
    assertThat(collect.value("node_boot_time_seconds")).isEqualTo(1_763_773_200.0);
    assertThat(collect.value("node_processes_state", Map.of("state", "S"))).isEqualTo(2.0);
    assertThat(collect.value("node_processes_state", Map.of("state", "R"))).isEqualTo(1.0);
    assertThat(collect.value("node_processes_state", Map.of("state", "D"))).isEqualTo(1.0);
    assertThat(collect.value("node_processes_state", Map.of("state", "Z"))).isEqualTo(1.0);
    assertThat(collect.value("node_processes_state", Map.of("state", "I"))).isEqualTo(1.0);
    assertThat(collect.labelNames("node_processes_state")).containsExactly(Set.of("state"));
    assertThat(collect.value("node_processes_pids")).isEqualTo(6.0);
    assertThat(collect.value("node_processes_threads")).isEqualTo(21.0);
    assertThat(collect.value("node_processes_max_processes")).isEqualTo(4_194_304.0);
    assertThat(collect.value("node_processes_max_threads")).isEqualTo(126_397.0);
    assertThat(collect.type("node_forks_total")).isEqualTo(MetricType.COUNTER);
    assertThat(collect.type("node_context_switches_total")).isEqualTo(MetricType.COUNTER);
    assertThat(collect.type("node_procs_running")).isEqualTo(MetricType.GAUGE);
    assertThat(collect.type("node_processes_state")).isEqualTo(MetricType.GAUGE);
    assertThat(collect.family("node_procs_blocked").help())
        .isEqualTo("Number of processes blocked waiting for I/O to complete.");
    assertThat(collect.everySampleDescribed()).isTrue();
  }
}
