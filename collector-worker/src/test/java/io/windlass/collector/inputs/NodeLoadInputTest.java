package io.windlass.collector.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.spool.MetricType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeLoadInputTest {
  @TempDir Path dir;

  @Test
  void reportsTheThreeLoadAveragesAsGauges() throws Exception {
    ProcFixture proc = new ProcFixture(dir).install("load/loadavg", "loadavg");
    NodeCollect collect = NodeCollect.of(new NodeLoadInput(proc.root()));

    assertThat(collect.value("node_load1")).isEqualTo(0.52);
    assertThat(collect.value("node_load5")).isEqualTo(1.25);
    assertThat(collect.value("node_load15")).isEqualTo(2.0);
    assertThat(collect.metrics()).hasSize(3);
    assertThat(collect.type("node_load1")).isEqualTo(MetricType.GAUGE);
    assertThat(collect.family("node_load15").help()).isEqualTo("15m load average.");
  }

  @Test
  void malformedAverageFailsNamingIt() {
    ProcFixture proc = new ProcFixture(dir).install("load/loadavg-malformed", "loadavg");
    assertThatThrownBy(() -> NodeCollect.of(new NodeLoadInput(proc.root())))
        .isInstanceOf(ProcFormatException.class)
        .hasMessageContaining("load5 'high' is not a decimal number");
  }
}
