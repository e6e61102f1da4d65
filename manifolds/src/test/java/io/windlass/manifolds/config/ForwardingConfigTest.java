package io.windlass.manifolds.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code sink}, {@code status} and {@code modules} sections. */
class ForwardingConfigTest {
  private final AgentConfigReader reader = new AgentConfigReader(() -> "host");

  private List<String> problems(String yaml) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> reader.parse("windlass.yaml", yaml));
    assertThat(e).as("expected problems in:\n%s", yaml).isNotNull();
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void defaultsAreNoSenderALoopbackStatusServerAndNoModules() {
    AgentConfig config = reader.defaults();
    assertThat(config.sink()).isEqualTo(SinkSettings.defaults());
    assertThat(config.sink().enabled()).isFalse();
    assertThat(config.status().enabled()).isTrue();
    assertThat(config.status().listen())
        .isEqualTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9465));
    assertThat(config.status().token()).isEmpty();
    assertThat(config.status().maxBodyBytes()).isEqualTo(ByteSize.ofMiB(16));
    assertThat(config.modules()).isEmpty();
  }

  @Test
  void everyKeyOfTheNewSectionsIsRead() {
    AgentConfig config =
        reader.parse(
            "windlass.yaml",
            """
            sink:
              type: json
              url: https://metrics.example.com/api/batches
              interval: 30s
              jitter: 0s
              timeout: 5s
              max-request-metrics: 500
              max-request-bytes: 1MiB
              concurrency: 8
              retry-min: 2s
              retry-max: 1m
              bearer-token: s3cret
              headers: {X-Scope-OrgID: fleet, X-Other: "1"}
            status:
              enabled: true
              listen: 0.0.0.0:0
              token: t0ken
              max-body-bytes: 1MiB
            modules:
              - com.example.MyManifoldModule
              - com.example.Other$Nested
            """);
    assertThat(config.sink())
        .isEqualTo(
            new SinkSettings(
                SinkType.JSON,
                Optional.of(URI.create("https://metrics.example.com/api/batches")),
                Duration.ofSeconds(30),
                Duration.ZERO,
                Duration.ofSeconds(5),
                500,
                ByteSize.ofMiB(1),
                8,
                Duration.ofSeconds(2),
                Duration.ofMinutes(1),
                Optional.of("s3cret"),
                Map.of("X-Scope-OrgID", "fleet", "X-Other", "1")));
    assertThat(config.sink().headers().keySet()).containsExactly("X-Scope-OrgID", "X-Other");
    assertThat(config.status().listen().getPort()).isZero();
    assertThat(config.status().listen().getAddress().isAnyLocalAddress()).isTrue();
    assertThat(config.status().token()).contains("t0ken");
    assertThat(config.modules())
        .containsExactly("com.example.MyManifoldModule", "com.example.Other$Nested");
  }

  @Test
  void badValuesAreReportedAtTheirPositions() {
    assertThat(
            problems(
                """
                sink:
                  type: remote-write
                  url: ftp://x
                  max-request-metrics: 0
                  concurrency: 65
                  retry-min: 10s
                  retry-max: 1s
                  bearer-token: "two words"
                  headers: [a]
                  colour: red
                status:
                  listen: 127.0.0.1:99999
                  max-body-bytes: 0
                modules: [not a class, "com.example.Ok"]
                """))
        .containsExactly(
            "windlass.yaml:2:9: sink.type: \"remote-write\" is not one of"
                + " prometheus-remote-write, json",
            "windlass.yaml:3:8: sink.url: \"ftp://x\" is not an http or https URL with a host"
                + " (e.g. http://127.0.0.1:9090/api/v1/write)",
            "windlass.yaml:4:24: sink.max-request-metrics: \"0\" is too small: it must be at least 1",
            "windlass.yaml:5:16: sink.concurrency: \"65\" is too large: it must be at most 64",
            "windlass.yaml:7:14: sink.retry-max: 1s must not be shorter than retry-min 10s",
            "windlass.yaml:8:17: sink.bearer-token: must be non-blank, without spaces or control"
                + " characters",
            "windlass.yaml:9:12: sink.headers: must be a mapping of header names to values, not a"
                + " list",
            "windlass.yaml:10:3: sink.colour: unknown key (expected one of type, url, interval,"
                + " jitter, timeout, max-request-metrics, max-request-bytes, concurrency, retry-min,"
                + " retry-max, bearer-token, headers)",
            "windlass.yaml:12:11: status.listen: \"127.0.0.1:99999\" has no port from 0 to 65535"
                + " after the last ':'",
            "windlass.yaml:13:19: status.max-body-bytes: \"0\" is too small: it must be at least 1KiB",
            "windlass.yaml:14:11: modules[0]: \"not a class\" is not a class name (e.g."
                + " com.example.MyManifoldModule)");
  }

  @Test
  void headersTheSenderCannotSendAreReportedAtTheirPositions() {
    assertThat(
            problems(
                """
                sink:
                  url: http://127.0.0.1:9090/api/v1/write
                  headers:
                    Content-Type: text/plain
                    "X Bad": a
                    X-Good: "tab\\tok"
                    X-Split: "a\\nb"
                """))
        .containsExactly(
            "windlass.yaml:4:19: sink.headers.Content-Type: is set by the sender and cannot be"
                + " configured",
            "windlass.yaml:5:14: sink.headers.X Bad: is not a valid HTTP header name",
            "windlass.yaml:7:14: sink.headers.X-Split: has a control character in its value");
  }

  @Test
  void aNonLoopbackStatusAddressNeedsAToken() {
    assertThat(problems("status:\n  listen: 0.0.0.0:9465\n"))
        .containsExactly(
            "windlass.yaml:2:11: status.listen: 0.0.0.0 is not a loopback address: set"
                + " status.token, which every request must then carry as 'Authorization: Bearer"
                + " <token>'");
    assertThat(
            reader
                .parse("windlass.yaml", "status:\n  enabled: false\n  listen: 0.0.0.0:9465\n")
                .status()
                .enabled())
        .isFalse();
  }

  @Test
  void listenAddressesTakeIpv6InBrackets() {
    assertThat(AgentConfigReader.listenAddress("[::1]:9465").getAddress().isLoopbackAddress())
        .isTrue();
    assertThatThrownBy(() -> AgentConfigReader.listenAddress("9465"))
        .hasMessage("\"9465\" is not host:port (e.g. 127.0.0.1:9465)");
    assertThatThrownBy(() -> AgentConfigReader.listenAddress("localhost:"))
        .hasMessage("\"localhost:\" is not host:port (e.g. 127.0.0.1:9465)");
  }

  @Test
  void settingsRecordsRefuseImpossibleValues() {
    SinkSettings sink = SinkSettings.defaults();
    assertThatThrownBy(
            () ->
                new SinkSettings(
                    sink.type(),
                    sink.url(),
                    sink.interval(),
                    sink.jitter(),
                    sink.timeout(),
                    sink.maxRequestMetrics(),
                    sink.maxRequestBytes(),
                    0,
                    sink.retryMin(),
                    sink.retryMax(),
                    sink.bearerToken(),
                    sink.headers()))
        .hasMessage("sink concurrency 0 must be from 1 to 64");
    assertThatThrownBy(
            () ->
                SinkSettings.defaults()
                    .withUrl(SinkType.JSON, URI.create("mailto:someone@example.com")))
        .hasMessageContaining("is not an http or https URL with a host");
    assertThatThrownBy(
            () ->
                StatusSettings.defaults()
                    .withListen(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 1)))
        .hasMessageContaining("is not a loopback address");
  }
}
