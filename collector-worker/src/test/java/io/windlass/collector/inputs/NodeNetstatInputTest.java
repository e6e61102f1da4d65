package io.windlass.collector.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.spool.MetricType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeNetstatInputTest {
  @TempDir Path dir;

  private ProcFixture proc() {
    return new ProcFixture(dir)
        .install("node/net/netstat", "net/netstat")
        .install("node/net/snmp", "net/snmp")
        .install("node/net/snmp6", "net/snmp6");
  }

  @Test
  void reportsTheFieldsNodeExporterSelectsByDefault() throws Exception {
    NodeCollect collect =
        NodeCollect.of(new NodeNetstatInput(proc().root(), NodeNetstatInput.DEFAULT_FIELDS));

    assertThat(collect.value("node_netstat_Tcp_CurrEstab")).isEqualTo(7.0);
    assertThat(collect.value("node_netstat_Tcp_ActiveOpens")).isEqualTo(500.0);
    assertThat(collect.value("node_netstat_Tcp_PassiveOpens")).isEqualTo(40.0);
    assertThat(collect.value("node_netstat_Tcp_RetransSegs")).isEqualTo(30.0);
    assertThat(collect.value("node_netstat_TcpExt_ListenDrops")).isEqualTo(5.0);
    assertThat(collect.value("node_netstat_TcpExt_TCPSynRetrans")).isEqualTo(70.0);
    assertThat(collect.value("node_netstat_IpExt_InOctets")).isEqualTo(123_456_789.0);
    assertThat(collect.value("node_netstat_Ip_Forwarding")).isEqualTo(1.0);
    assertThat(collect.value("node_netstat_Udp_NoPorts")).isEqualTo(5.0);
    assertThat(collect.value("node_netstat_Icmp_InErrors")).isEqualTo(1.0);
    assertThat(collect.value("node_netstat_Ip6_OutOctets")).isEqualTo(50_000.0);
    assertThat(collect.value("node_netstat_Udp6_InDatagrams")).isEqualTo(70.0);
    assertThat(collect.names())
        .doesNotContain(
            "node_netstat_Tcp_MaxConn",
            "node_netstat_TcpExt_PruneCalled",
            "node_netstat_Ip_InHdrErrors",
            "node_netstat_Ip6_InReceives");
    assertThat(collect.metrics()).hasSize(31).allMatch(m -> m.tags().isEmpty());
    assertThat(collect.type("node_netstat_Tcp_CurrEstab")).isEqualTo(MetricType.UNKNOWN);
    assertThat(collect.family("node_netstat_Tcp_CurrEstab").help())
        .isEqualTo("Statistic TcpCurrEstab.");
    assertThat(collect.everySampleDescribed()).isTrue();
  }

  @Test
  void withoutIpv6ThereAreNoIpv6Fields() throws Exception {
    ProcFixture proc = proc();
    Files.delete(dir.resolve("net/snmp6"));
    NodeCollect collect =
        NodeCollect.of(new NodeNetstatInput(proc.root(), NodeNetstatInput.DEFAULT_FIELDS));

    assertThat(collect.names()).noneMatch(name -> name.contains("6_"));
    assertThat(collect.metrics()).hasSize(27);
  }

  @Test
  void namesAndValuesOfDifferentLengthsFailNamingTheLine() {
    ProcFixture proc = proc().install("node/net/netstat-mismatched", "net/netstat");
    assertThatThrownBy(
            () ->
                NodeCollect.of(new NodeNetstatInput(proc.root(), NodeNetstatInput.DEFAULT_FIELDS)))
        .isInstanceOf(ProcFormatException.class)
        .hasMessageContaining("netstat")
        .hasMessageContaining("2 names but 1 values");
  }
}
