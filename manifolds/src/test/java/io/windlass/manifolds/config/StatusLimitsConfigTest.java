package io.windlass.manifolds.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status section's client limits and {@code require-token-on-loopback}. */
class StatusLimitsConfigTest {
  private final AgentConfigReader reader = new AgentConfigReader(() -> "host");

  private List<String> problems(String yaml) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> reader.parse("windlass.yaml", yaml));
    assertThat(e).as("expected problems in:\n%s", yaml).isNotNull();
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void defaultsAreExplicit() {
    StatusSettings status = reader.defaults().status();

    assertThat(status.requireTokenOnLoopback()).isFalse();
    assertThat(status.limits())
        .isEqualTo(
            new StatusLimits(
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                Duration.ofSeconds(30),
                ByteSize.ofKiB(8),
                2048,
                64,
                16));
  }

  @Test
  void everyLimitIsRead() {
    StatusSettings status =
        reader
            .parse(
                "windlass.yaml",
                """
                status:
                  header-timeout: 2s
                  body-timeout: 5m
                  idle-timeout: 500ms
                  max-header-bytes: 16KiB
                  max-connections: 100
                  max-requests: 10
                  max-pushes: 3
                """)
            .status();

    assertThat(status.limits())
        .isEqualTo(
            new StatusLimits(
                Duration.ofSeconds(2),
                Duration.ofMinutes(5),
                Duration.ofMillis(500),
                ByteSize.ofKiB(16),
                100,
                10,
                3));
  }

  @Test
  void badLimitsAreReportedAtTheirPositions() {
    assertThat(
            problems(
                """
                status:
                  header-timeout: 10ms
                  max-header-bytes: 1MiB
                  max-connections: 0
                """))
        .containsExactly(
            "windlass.yaml:2:19: status.header-timeout: \"10ms\" must be between 100ms and 1h",
            "windlass.yaml:3:21: status.max-header-bytes: \"1MiB\" is too large: it must be at"
                + " most 64KiB",
            "windlass.yaml:4:20: status.max-connections: \"0\" is too small: it must be at least 1");
    assertThat(problems("status:\n  max-requests: 4\n  max-pushes: 5\n"))
        .containsExactly(
            "windlass.yaml:3:15: status.max-pushes: 5 must be at most max-requests (4), which"
                + " leaves room for /healthz");
  }

  @Test
  void requireTokenOnLoopbackNeedsAToken() {
    assertThat(problems("status:\n  require-token-on-loopback: true\n"))
        .containsExactly(
            "windlass.yaml:2:30: status.require-token-on-loopback: is true: set status.token,"
                + " which every request must then carry as 'Authorization: Bearer <token>'");
    StatusSettings status =
        reader
            .parse("windlass.yaml", "status:\n  require-token-on-loopback: true\n  token: s3cret\n")
            .status();
    assertThat(status.requireTokenOnLoopback()).isTrue();
    assertThat(status.token()).contains("s3cret");
  }

  @Test
  void theRecordRefusesImpossibleLimits() {
    StatusLimits d = StatusLimits.defaults();
    assertThatThrownBy(
            () ->
                new StatusLimits(
                    Duration.ZERO,
                    d.bodyTimeout(),
                    d.idleTimeout(),
                    d.maxHeaderBytes(),
                    d.maxConnections(),
                    d.maxRequests(),
                    d.maxPushes()))
        .hasMessage("header-timeout 0s must be between 100ms and 1h");
    assertThatThrownBy(
            () ->
                new StatusLimits(
                    d.headerTimeout(),
                    d.bodyTimeout(),
                    d.idleTimeout(),
                    d.maxHeaderBytes(),
                    d.maxConnections(),
                    0,
                    d.maxPushes()))
        .hasMessage("max-requests 0 must be between 1 and 1024");
  }
}
