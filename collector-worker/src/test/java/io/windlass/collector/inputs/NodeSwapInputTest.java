package io.windlass.collector.inputs;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.MetricType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeSwapInputTest {
  private static final double KIB = 1024;

  @TempDir Path dir;

  @Test
  void reportsSwapFieldsAndVmstatPagingCounters() throws Exception {
    ProcFixture proc =
        new ProcFixture(dir).install("swap/meminfo", "meminfo").install("swap/vmstat-1", "vmstat");
    NodeCollect collect = NodeCollect.of(new NodeSwapInput(proc.root()));

    assertThat(collect.value("node_memory_SwapTotal_bytes")).isEqualTo(2_097_152 * KIB);
    assertThat(collect.value("node_memory_SwapFree_bytes")).isEqualTo(1_572_864 * KIB);
    assertThat(collect.value("node_memory_SwapCached_bytes")).isEqualTo(0.0);
    assertThat(collect.value("node_vmstat_pswpin")).isEqualTo(1000.0);
    assertThat(collect.value("node_vmstat_pswpout")).isEqualTo(2000.0);
    assertThat(collect.names())
        .allMatch(
            name ->
                name.startsWith("node_memory_Swap")
                    || name.matches("node_vmstat_(oom_kill|pgpg|pswp|pg.*fault).*"));
    assertThat(collect.type("node_memory_SwapTotal_bytes")).isEqualTo(MetricType.GAUGE);
    assertThat(collect.type("node_vmstat_pswpin")).isEqualTo(MetricType.UNKNOWN);
    assertThat(collect.family("node_vmstat_pswpin").help())
        .isEqualTo("/proc/vmstat information field pswpin.");
    assertThat(collect.everySampleDescribed()).isTrue();
  }
}
