package io.windlass.collector.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.spool.MetricType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeMemInputTest {
  private static final double KIB = 1024;

  @TempDir Path dir;

  @Test
  void reportsEveryMeminfoFieldButSwapAsNodeExporterNamesIt() throws Exception {
    ProcFixture proc = new ProcFixture(dir).install("mem/meminfo", "meminfo");
    NodeCollect collect = NodeCollect.of(new NodeMemInput(proc.root()));

    assertThat(collect.value("node_memory_MemTotal_bytes")).isEqualTo(16_000_000 * KIB);
    assertThat(collect.value("node_memory_MemAvailable_bytes")).isEqualTo(8_000_000 * KIB);
    assertThat(collect.value("node_memory_MemFree_bytes")).isEqualTo(2_000_000 * KIB);
    assertThat(collect.value("node_memory_Active_anon_bytes")).isEqualTo(1560 * KIB);
    assertThat(collect.value("node_memory_Inactive_file_bytes")).isEqualTo(114_848 * KIB);
    assertThat(collect.value("node_memory_HugePages_Total")).isEqualTo(0.0);
    assertThat(collect.value("node_memory_DirectMap1G_bytes")).isEqualTo(25_165_824 * KIB);
    assertThat(collect.names())
        .doesNotContain(
            "node_memory_SwapTotal_bytes",
            "node_memory_SwapFree_bytes",
            "node_memory_SwapCached_bytes")
        .allMatch(name -> name.startsWith("node_memory_"));
    // 54 lines in the fixture, 3 of them swap.
    assertThat(collect.metrics()).hasSize(51);
    assertThat(collect.type("node_memory_MemTotal_bytes")).isEqualTo(MetricType.GAUGE);
    assertThat(collect.family("node_memory_MemTotal_bytes").help())
        .isEqualTo("Memory information field MemTotal_bytes.");
    assertThat(collect.everySampleDescribed()).isTrue();
    assertThat(collect.metrics()).allMatch(m -> m.tags().isEmpty());
  }

  @Test
  void malformedLineFailsNamingFileAndLine() {
    ProcFixture proc = new ProcFixture(dir).install("mem/meminfo-malformed", "meminfo");
    assertThatThrownBy(() -> NodeCollect.of(new NodeMemInput(proc.root())))
        .isInstanceOf(ProcFormatException.class)
        .hasMessageContaining("meminfo");
  }
}
