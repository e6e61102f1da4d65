package io.windlass.manifolds.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The windlass process's start-up logging, set up in code rather than by a {@code logback.xml}, so
 * that no XML parser and none of Logback's Joran classes are on the start path (some 600 classes, a
 * fifth of a second of a start): standard error, the text form ({@link LogOutput#PATTERN}) at INFO,
 * the HTTP server's own lines at WARN, {@link ServiceManagerFailureFilter}, and the one {@link
 * LevelChangePropagator} that keeps {@code java.util.logging}'s levels in step ({@link
 * LogOutput#propagateLevelsToJavaUtilLogging}). {@link Main} then applies {@code --log-format} and
 * {@code --log-level} through {@link LogOutput}.
 *
 * <p>Logback finds this class through {@code META-INF/services}. A {@code
 * logback.configurationFile} system property, or a {@code logback-test.xml} or {@code logback.xml}
 * on the class path, is left to Logback's own configurators, as before ({@link
 * #configurationFileGiven()}), and {@link LogOutput} leaves what they configure alone.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class StartupLogConfiguration extends ContextAwareBase implements Configurator {
  /** Logback's system property naming a configuration file. */
  static final String CONFIGURATION_FILE_PROPERTY = "logback.configurationFile";

  /** Logback's configuration file for a test class path, looked for first. */
  static final String TEST_CONFIGURATION_FILE = "logback-test.xml";

  /** Logback's configuration file on the class path. */
  static final String USER_CONFIGURATION_FILE = "logback.xml";

  private final BooleanSupplier configuredElsewhere;

  /** The configurator Logback finds through {@code META-INF/services}. */
  public StartupLogConfiguration() {
    this(StartupLogConfiguration::configurationFileGiven);
  }

  /** A configurator that leaves the configuration to Logback when {@code configuredElsewhere}. */
  StartupLogConfiguration(BooleanSupplier configuredElsewhere) {
    this.configuredElsewhere = configuredElsewhere;
  }

  /**
   * Whether Logback configures the process from a file: a {@value #CONFIGURATION_FILE_PROPERTY}
   * system property, or a {@code logback-test.xml} or {@code logback.xml} on the class path. Then
   * this configurator leaves the start-up logging to Logback's own.
   */
  static boolean configurationFileGiven() {
    return configurationFileGiven(
        System::getProperty, StartupLogConfiguration.class.getClassLoader());
  }

  /**
   * Whether {@code properties} name a configuration file, or {@code loader} finds a {@value
   * #TEST_CONFIGURATION_FILE} or a {@value #USER_CONFIGURATION_FILE}.
   */
  static boolean configurationFileGiven(
      Function<String, @Nullable String> properties, ClassLoader loader) {
    return userConfigurationGiven(properties, loader)
        || loader.getResource(TEST_CONFIGURATION_FILE) != null;
  }

  /**
   * Whether a user chose the process's logging: a {@value #CONFIGURATION_FILE_PROPERTY} system
   * property, or a {@code logback.xml} on the class path. Then {@link LogOutput} leaves it alone. A
   * {@code logback-test.xml} alone, Logback's file for a test class path, is not a user's choice
   * for the agent: {@code --log-format} and {@code --log-level} still apply over it.
   */
  static boolean userConfigurationGiven() {
    return userConfigurationGiven(
        System::getProperty, StartupLogConfiguration.class.getClassLoader());
  }

  /**
   * Whether {@code properties} name a configuration file, or {@code loader} finds a logback.xml.
   */
  static boolean userConfigurationGiven(
      Function<String, @Nullable String> properties, ClassLoader loader) {
    return properties.apply(CONFIGURATION_FILE_PROPERTY) != null
        || loader.getResource(USER_CONFIGURATION_FILE) != null;
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (configuredElsewhere.getAsBoolean()) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    LogOutput.propagateLevelsToJavaUtilLogging(context);
    ServiceManagerFailureFilter filter = new ServiceManagerFailureFilter();
    filter.setContext(context);
    filter.start();
    context.addTurboFilter(filter);
    context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setTarget("System.err");
    LogOutput.configure(context, LogOutput.Format.TEXT, Level.INFO, console);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
