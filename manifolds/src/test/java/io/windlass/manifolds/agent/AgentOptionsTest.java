package io.windlass.manifolds.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.manifolds.config.AgentConfig;
import io.windlass.manifolds.config.AgentConfigReader;
import io.windlass.manifolds.config.SinkType;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {
  private final AgentConfig config =
      new AgentConfigReader(() -> "host").parse("windlass.yaml", "agent: {data-dir: /from/file}");

  @Test
  void theDataDirOptionReplacesTheConfiguredOne() {
    AgentConfig applied = AgentOptions.of(null, Path.of("/from/option")).applyTo(config);

    assertThat(applied.agent().dataDir()).isEqualTo(Path.of("/from/option"));
    assertThat(applied.agent().tag()).isEqualTo("agent-host");
    assertThat(applied.spool()).isEqualTo(config.spool());
  }

  @Test
  void withoutOptionsTheConfigIsUnchanged() {
    assertThat(AgentOptions.of(null, null)).isEqualTo(AgentOptions.none());
    assertThat(AgentOptions.none().applyTo(config)).isEqualTo(config);
  }

  @Test
  void theSinkOptionReplacesTheConfiguredTypeAndUrlAndKeepsTheRestOfTheSection() {
    AgentConfig configured =
        new AgentConfigReader(() -> "host")
            .parse(
                "windlass.yaml",
                "sink: {type: json, url: 'http://old:1/x', interval: 3s, bearer-token: t}");

    AgentConfig applied =
        AgentOptions.none()
            .withSink(SinkType.PROMETHEUS_REMOTE_WRITE, URI.create("http://new:9090/api/v1/write"))
            .applyTo(configured);

    assertThat(applied.sink().type()).isEqualTo(SinkType.PROMETHEUS_REMOTE_WRITE);
    assertThat(applied.sink().url()).contains(URI.create("http://new:9090/api/v1/write"));
    assertThat(applied.sink().interval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(applied.sink().bearerToken()).contains("t");
  }

  @Test
  void aSinkOverrideNeedsAnHttpUrl() {
    assertThatThrownBy(() -> AgentOptions.none().withSink(SinkType.JSON, URI.create("ftp://x/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not an http or https URL with a host");
  }

  @Test
  void theWatchIntervalMustBePositive() {
    assertThat(ConfigWatchSettings.defaults().interval()).isEqualTo(Duration.ofSeconds(2));
    assertThatThrownBy(
            () -> new ConfigWatchSettings(Duration.ZERO, ConfigWatchSettings.defaults().clock()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("config watch interval PT0S must be > 0");
  }
}
