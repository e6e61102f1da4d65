package io.windlass.manifolds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link StartupLogConfiguration} on a logger context of its own. */
class StartupLogConfigurationTest {
  private final LoggerContext context = new LoggerContext();

  @AfterEach
  void stop() {
    context.stop();
  }

  @Test
  void configuresStandardErrorInTheTextFormAtInfoAndStopsLogbacksOwnConfigurators() {
    ExecutionStatus status = new StartupLogConfiguration(() -> false).configure(context);

    assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    assertThat(root.getAppender("STDERR"))
        .isInstanceOfSatisfying(
            ConsoleAppender.class,
            console -> {
              assertThat(console.getTarget()).isEqualTo("System.err");
              assertThat(console.isStarted()).isTrue();
              assertThat(((PatternLayoutEncoder) console.getEncoder()).getPattern())
                  .isEqualTo(LogOutput.PATTERN);
            });
    assertThat(context.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getTurboFilterList())
        .singleElement()
        .isInstanceOf(ServiceManagerFailureFilter.class);
    assertThat(context.getCopyOfListenerList())
        .singleElement()
        .isInstanceOf(LevelChangePropagator.class);
  }

  @Test
  void aConfigurationFileIsGivenByThePropertyOrByAFileOnTheClassPath(@TempDir Path dir)
      throws IOException {
    Map<String, String> none = Map.of();
    Map<String, String> property =
        Map.of(StartupLogConfiguration.CONFIGURATION_FILE_PROPERTY, "/etc/windlass/logback.xml");
    try (URLClassLoader empty = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      assertThat(StartupLogConfiguration.configurationFileGiven(none::get, empty)).isFalse();
      assertThat(StartupLogConfiguration.configurationFileGiven(property::get, empty)).isTrue();
    }
    Files.writeString(dir.resolve("logback-test.xml"), "<configuration/>");
    try (URLClassLoader testFile = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      assertThat(StartupLogConfiguration.configurationFileGiven(none::get, testFile)).isTrue();
      assertThat(StartupLogConfiguration.userConfigurationGiven(none::get, testFile))
          .as("a test class path's logback-test.xml is not a user's choice for the agent")
          .isFalse();
    }
    Files.writeString(dir.resolve("logback.xml"), "<configuration/>");
    try (URLClassLoader withFile = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      assertThat(StartupLogConfiguration.configurationFileGiven(none::get, withFile)).isTrue();
      assertThat(StartupLogConfiguration.userConfigurationGiven(none::get, withFile)).isTrue();
      assertThat(StartupLogConfiguration.userConfigurationGiven(property::get, withFile)).isTrue();
    }
  }

  /**
   * Covers a bug where a {@link LevelChangePropagator} was installed in two places, at start and
   * again when the options were applied.
   */
  @Test
  void startingThenApplyingTheOptionsKeepsOneLevelChangePropagator() {
    new StartupLogConfiguration(() -> false).configure(context);
    LogOutput.configure(
        LogOutput.Format.JSON, Level.DEBUG, context, OutputStream.nullOutputStream());
    LogOutput.propagateLevelsToJavaUtilLogging(context);

    assertThat(context.getCopyOfListenerList())
        .singleElement()
        .isInstanceOf(LevelChangePropagator.class);
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
  }

  @Test
  void leavesAConfigurationFileToLogback() {
    ExecutionStatus status = new StartupLogConfiguration(() -> true).configure(context);

    assertThat(status).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext())
        .isFalse();
    assertThat(context.getTurboFilterList()).isEmpty();
  }
}
