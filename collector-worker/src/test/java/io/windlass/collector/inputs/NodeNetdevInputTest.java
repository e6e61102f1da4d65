package io.windlass.collector.inputs;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.MetricType;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeNetdevInputTest {
  @TempDir Path dir;

  @Test
  void reportsEveryInterfaceCounterLoopbackIncluded() throws Exception {
    ProcFixture proc = new ProcFixture(dir).install("net/dev-1", "net/dev");
    NodeCollect collect =
        NodeCollect.of(new NodeNetdevInput(proc.root(), NodeNetdevInput.EXCLUDE_NONE));
    Map<String, String> eth0 = Map.of("device", "eth0");

    assertThat(collect.value("node_network_receive_bytes_total", eth0)).isEqualTo(50_000_000.0);
    assertThat(collect.value("node_network_receive_packets_total", eth0)).isEqualTo(40_000.0);
    assertThat(collect.value("node_network_receive_errs_total", eth0)).isEqualTo(10.0);
    assertThat(collect.value("node_network_receive_drop_total", eth0)).isEqualTo(20.0);
    assertThat(collect.value("node_network_receive_multicast_total", eth0)).isEqualTo(100.0);
    assertThat(collect.value("node_network_transmit_bytes_total", eth0)).isEqualTo(30_000_000.0);
    assertThat(collect.value("node_network_transmit_packets_total", eth0)).isEqualTo(25_000.0);
    assertThat(collect.value("node_network_transmit_drop_total", eth0)).isEqualTo(5.0);
    assertThat(collect.value("node_network_transmit_colls_total", Map.of("device", "lo")))
        .isEqualTo(0.0);
    assertThat(collect.metrics()).hasSize(3 * 16);
    assertThat(collect.labelNames("node_network_receive_bytes_total"))
        .containsExactly(Set.of("device"));
    assertThat(collect.type("node_network_transmit_carrier_total")).isEqualTo(MetricType.COUNTER);
    assertThat(collect.family("node_network_receive_bytes_total").help())
        .isEqualTo("Network device statistic receive_bytes.");
    assertThat(collect.everySampleDescribed()).isTrue();
  }

  @Test
  void excludedInterfacesAreLeftOut() throws Exception {
    ProcFixture proc = new ProcFixture(dir).install("net/dev-1", "net/dev");
    NodeCollect collect =
        NodeCollect.of(new NodeNetdevInput(proc.root(), Pattern.compile("lo|docker\\d+")));

    assertThat(collect.metrics()).hasSize(16).allMatch(m -> m.tags().get("device").equals("eth0"));
  }
}
