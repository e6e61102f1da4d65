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

class NetstatInputTest {
  @TempDir Path dir;

  private static List<Metric> collect(NetstatInput input) throws Exception {
    MemoryAccumulator accumulator = new MemoryAccumulator();
    input.collect(accumulator);
    return accumulator.metrics();
  }

  private static Map<String, String> state(String state) {
    return Map.of("state", state);
  }

  @Test
  void countsTcpConnectionsByStateOverIpv4AndIpv6() throws Exception {
    List<Metric> metrics = collect(new NetstatInput(ProcFixture.resourceRoot("netstat")));

    assertThat(value(metrics, "tcp_connections", state("established"))).isEqualTo(4.0);
    assertThat(value(metrics, "tcp_connections", state("listen"))).isEqualTo(3.0);
    assertThat(value(metrics, "tcp_connections", state("time_wait"))).isEqualTo(1.0);
    assertThat(value(metrics, "tcp_connections", state("close_wait"))).isEqualTo(0.0);
    assertThat(value(metrics, "tcp_total")).isEqualTo(8.0);
    // udp6 is absent, as when IPv6 is disabled.
    assertThat(value(metrics, "udp_sockets")).isEqualTo(2.0);
    assertThat(metrics).hasSize(14);
  }

  @Test
  void unknownStateFailsNamingFileAndLine() throws Exception {
    ProcFixture proc = new ProcFixture(dir).install("netstat/net/udp", "net/udp");
    Files.writeString(
        dir.resolve("net/tcp"),
        "  sl  local_address rem_address   st\n   0: 00000000:0016 00000000:0000 1F 0\n");
    assertThatThrownBy(() -> collect(new NetstatInput(proc.root())))
        .isInstanceOf(ProcFormatException.class)
        .hasMessageStartingWith(dir.resolve("net/tcp") + ":2: state 1F is not a TCP state");
  }

  @Test
  void missingHeaderFailsNamingTheFile() throws Exception {
    ProcFixture proc = new ProcFixture(dir).install("netstat/net/udp", "net/udp");
    Files.writeString(dir.resolve("net/tcp"), "");
    assertThatThrownBy(() -> collect(new NetstatInput(proc.root())))
        .isInstanceOf(ProcFormatException.class)
        .hasMessageStartingWith(dir.resolve("net/tcp") + ":1: expected a header");
  }

  @Test
  void missingIpv4FileFailsNamingTheFile() {
    assertThatThrownBy(() -> collect(new NetstatInput(new ProcRoot(dir))))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(dir.resolve("net/tcp").toString());
  }

  @Test
  void collectsPlausibleFiguresFromThisMachine() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")));
    List<Metric> metrics = collect(new NetstatInput());
    assertThat(ProcFixture.allFiniteAndUnstamped(metrics)).isTrue();
    assertThat(metrics).allSatisfy(m -> assertThat(m.value()).isNotNegative());
    assertThat(metrics).hasSize(14);
  }
}
