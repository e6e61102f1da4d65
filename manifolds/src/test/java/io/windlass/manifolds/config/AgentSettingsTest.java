package io.windlass.manifolds.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AgentSettingsTest {

  @Test
  void spoolAndSocketsLiveUnderTheDataDirectory() {
    AgentSettings settings = new AgentSettings("a", Path.of("/var/lib/windlass"));

    assertThat(settings.spoolDirectory()).isEqualTo(Path.of("/var/lib/windlass/spool"));
    assertThat(settings.socketDirectory()).isEqualTo(Path.of("/var/lib/windlass/run"));
  }

  @Test
  void aRelativeDataDirectoryIsRelativeToTheWorkingDirectory() {
    AgentSettings settings = new AgentSettings("a", AgentSettings.DEFAULT_DATA_DIR);
    Path workingDirectory = Path.of("").toAbsolutePath();

    assertThat(settings.spoolDirectory())
        .isEqualTo(workingDirectory.resolve("windlass-data").resolve("spool"));
    assertThat(settings.socketDirectory())
        .isEqualTo(workingDirectory.resolve("windlass-data").resolve("run"));
  }
}
