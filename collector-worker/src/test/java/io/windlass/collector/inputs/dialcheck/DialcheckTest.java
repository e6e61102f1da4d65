package io.windlass.collector.inputs.dialcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.collector.Metric;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DialcheckTest {

  @Test
  void aListeningPortIsUpWithItsLatency() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      int port = server.getLocalPort();
      List<Metric> metrics =
          Dialcheck.check(new DialcheckConfig("127.0.0.1", port, Duration.ofSeconds(2)));
      Map<String, String> tags = Map.of("host", "127.0.0.1", "port", Integer.toString(port));
      assertThat(metrics).hasSize(2);
      assertThat(metrics.get(0)).isEqualTo(Metric.of("up", tags, 1.0));
      assertThat(metrics.get(1).name()).isEqualTo("latency_ms");
      assertThat(metrics.get(1).tags()).isEqualTo(tags);
      assertThat(metrics.get(1).value()).isBetween(0.0, 2000.0);
      assertThat(metrics).allSatisfy(m -> assertThat(m.timestamp()).isZero());
    }
  }

  @Test
  void aClosedPortIsDownWithoutLatency() throws Exception {
    int port;
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      port = server.getLocalPort();
    }
    assertThat(Dialcheck.check(new DialcheckConfig("127.0.0.1", port, Duration.ofSeconds(2))))
        .containsExactly(
            Metric.of("up", Map.of("host", "127.0.0.1", "port", Integer.toString(port)), 0.0));
  }

  @Test
  void anUnresolvableHostIsDown() {
    assertThat(
            Dialcheck.check(new DialcheckConfig("no-such-host.invalid", 80, Duration.ofSeconds(2))))
        .extracting(Metric::name, Metric::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("up", 0.0));
  }

  @Test
  void configIsValidatedWithSpecificMessages() {
    Duration t = Duration.ofSeconds(1);
    assertThatThrownBy(() -> new DialcheckConfig(" ", 80, t))
        .hasMessage("dialcheck host must not be blank");
    assertThatThrownBy(() -> new DialcheckConfig("h", 0, t))
        .hasMessage("dialcheck port 0 must be in 1..65535");
    assertThatThrownBy(() -> new DialcheckConfig("h", 65536, t))
        .hasMessage("dialcheck port 65536 must be in 1..65535");
    assertThatThrownBy(() -> new DialcheckConfig("h", 80, Duration.ZERO))
        .hasMessage("dialcheck connectTimeout PT0S must be > 0");
  }

  @Test
  void configSurvivesItsJsonForm() throws Exception {
    DialcheckConfig config = new DialcheckConfig("db", 5432, Duration.ofMillis(1500));
    assertThat(
            DialcheckConfig.fromJson(
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(config.toJson())))
        .isEqualTo(config);
  }

  @Test
  void aMalformedRequestIsRejected() {
    assertThatThrownBy(
            () ->
                DialcheckConfig.fromJson(
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"host\":1}")))
        .hasMessage(
            "dialcheck request needs host (string), port (int), connectTimeoutMillis (int):"
                + " {\"host\":1}");
  }
}
