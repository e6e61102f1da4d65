package io.windlass.manifolds.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.manifolds.config.AgentConfig;
import io.windlass.manifolds.config.AgentConfigReader;
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
  void theWatchIntervalMustBePositive() {
    assertThat(ConfigWatchSettings.defaults().interval()).isEqualTo(Duration.ofSeconds(2));
    assertThatThrownBy(
            () -> new ConfigWatchSettings(Duration.ZERO, ConfigWatchSettings.defaults().clock()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("config watch interval PT0S must be > 0");
  }
}
