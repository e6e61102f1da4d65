package io.windlass.manifolds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@link LogOutput#configure(LogOutput.Format, Level)} on the process's logger context when a user
 * gives Logback a file of their own with {@code -Dlogback.configurationFile}. The context and the
 * property are restored afterwards: the context is configured again as the tests' {@code
 * logback-test.xml} says.
 */
class UserLogConfigurationTest {
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final @Nullable String propertyBefore =
      System.getProperty(StartupLogConfiguration.CONFIGURATION_FILE_PROPERTY);

  @TempDir Path dir;

  @AfterEach
  void restore() throws JoranException {
    if (propertyBefore == null) {
      System.clearProperty(StartupLogConfiguration.CONFIGURATION_FILE_PROPERTY);
    } else {
      System.setProperty(StartupLogConfiguration.CONFIGURATION_FILE_PROPERTY, propertyBefore);
    }
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  private static List<Appender<?>> appenders(Logger logger) {
    List<Appender<?>> appenders = new ArrayList<>();
    logger.iteratorForAppenders().forEachRemaining(appenders::add);
    return appenders;
  }

  /**
   * Covers a bug where applying {@code --log-format} and {@code --log-level} replaced the appenders
   * of a configuration the user gave in a file.
   */
  @Test
  void theOptionsLeaveAUsersConfigurationFileAlone() throws Exception {
    Path file = dir.resolve("user-logback.xml");
    Files.writeString(
        file,
        """
        <configuration>
          <appender name="USER" class="ch.qos.logback.core.read.ListAppender"/>
          <root level="ERROR">
            <appender-ref ref="USER"/>
          </root>
        </configuration>
        """);
    System.setProperty(StartupLogConfiguration.CONFIGURATION_FILE_PROPERTY, file.toString());
    // What Logback does with the property when the process starts.
    context.reset();
    JoranConfigurator joran = new JoranConfigurator();
    joran.setContext(context);
    joran.doConfigure(file.toFile());
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    List<Appender<?>> before = appenders(root);
    int listenersBefore = context.getCopyOfListenerList().size();

    boolean configured = LogOutput.configure(LogOutput.Format.JSON, Level.DEBUG);
    context.getLogger("io.windlass.test.Agent").error("disk full");

    assertThat(configured).isFalse();
    assertThat(appenders(root)).isEqualTo(before).singleElement().isInstanceOf(ListAppender.class);
    assertThat(root.getLevel()).isEqualTo(Level.ERROR);
    assertThat(context.getCopyOfListenerList()).hasSize(listenersBefore);
    @SuppressWarnings("unchecked")
    ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> user =
        (ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>) root.getAppender("USER");
    assertThat(user.list)
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).isEqualTo("disk full"));
  }
}
