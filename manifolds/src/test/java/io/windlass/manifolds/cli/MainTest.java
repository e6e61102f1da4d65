package io.windlass.manifolds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void guiceGeneratesNoBytecodeUnlessTold() {
    Properties properties = new Properties();
    Main.withoutGuiceBytecode(properties);
    assertThat(properties.getProperty(Main.GUICE_BYTECODE_GEN)).isEqualTo("DISABLED");
  }

  @Test
  void aGuiceBytecodeOptionGivenIsKept() {
    Properties properties = new Properties();
    properties.setProperty(Main.GUICE_BYTECODE_GEN, "ENABLED");
    Main.withoutGuiceBytecode(properties);
    assertThat(properties.getProperty(Main.GUICE_BYTECODE_GEN)).isEqualTo("ENABLED");
  }

  @Test
  void theCommandLineForRunHoldsRunAlone() {
    assertThat(Main.commandLine("run", "--for", "1s").getSubcommands().keySet())
        .containsExactly("run");
  }
}
