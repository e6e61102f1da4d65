package io.windlass.manifolds.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.io.OutputStream;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How the windlass process logs: through SLF4J to Logback, always on standard error, so that
 * standard output carries only what a command prints (reports, JSON). {@link
 * StartupLogConfiguration} sets the text form at level INFO for a start; {@link Main} then applies
 * {@code --log-format} and {@code --log-level} (or {@value #FORMAT_VARIABLE} and {@value
 * #LEVEL_VARIABLE}) before the command runs.
 *
 * <ul>
 *   <li>{@link Format#TEXT}: one line per event, {@value #PATTERN} (a stack trace follows its
 *       line);
 *   <li>{@link Format#JSON}: one JSON object per line, from Logback's {@link JsonEncoder}: {@code
 *       timestamp} (epoch milliseconds), {@code level}, {@code threadName}, {@code loggerName},
 *       {@code mdc}, {@code kvpList}, {@code formattedMessage} and, for an error, {@code throwable}
 *       (class, message, frames, cause) — for a log collector to read without parsing text.
 * </ul>
 *
 * <p>A user's Logback configuration ({@code -Dlogback.configurationFile=...}, or a {@code
 * logback.xml} on the class path) is left alone: then the file decides, and {@code --log-format}
 * and {@code --log-level} change nothing.
 *
 * <p>What libraries log through {@code java.util.logging} (Guava's {@code ServiceManager}, the
 * JDK's HTTP client) is routed to SLF4J too ({@link #routeJavaUtilLogging()}), and a {@link
 * LevelChangePropagator} keeps the JUL levels in step with Logback's, so a record below the level
 * costs nothing. {@link ServiceManagerFailureFilter} drops the {@code ServiceManager}'s repetitions
 * of failures the engine has logged already.
 */
public final class LogOutput {

  /** The environment variable {@code --log-format} defaults to. */
  public static final String FORMAT_VARIABLE = "WINDLASS_LOG_FORMAT";

  /** The environment variable {@code --log-level} defaults to. */
  public static final String LEVEL_VARIABLE = "WINDLASS_LOG_LEVEL";

  /** The text form's layout. */
  public static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";

  private static final String APPENDER = "STDERR";

  /** The forms a log line can take. */
  public enum Format {
    TEXT,
    JSON
  }

  private LogOutput() {}

  /**
   * Makes the process log in {@code format} on standard error, events at {@code level} and up,
   * {@code java.util.logging}'s included; unless the process's logging is a user's ({@code
   * -Dlogback.configurationFile=...}, or a {@code logback.xml} on the class path: {@link
   * StartupLogConfiguration#userConfigurationGiven()}), which it leaves alone: its appenders,
   * levels and listeners stay as the user's file set them. {@code java.util.logging} is routed to
   * SLF4J either way.
   *
   * @return whether it configured the output, false when it left a user's configuration alone
   */
  public static boolean configure(Format format, Level level) {
    routeJavaUtilLogging();
    if (StartupLogConfiguration.userConfigurationGiven()) {
      return false;
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setTarget("System.err");
    configure(context, format, level, console);
    return true;
  }

  /**
   * Makes {@code context}'s root logger write to {@code target} only, in {@code format}, at {@code
   * level}; replaces every appender it had.
   */
  static void configure(Format format, Level level, LoggerContext context, OutputStream target) {
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setOutputStream(target);
    configure(context, format, level, appender);
  }

  /**
   * Routes {@code java.util.logging} to SLF4J: its root logger's handlers (the console handler that
   * would print on standard error in JUL's own form) are replaced by the SLF4J bridge, once. JUL's
   * levels follow Logback's where a {@link LevelChangePropagator} is installed: {@link
   * StartupLogConfiguration} installs it ({@link #propagateLevelsToJavaUtilLogging}), a user's
   * configuration file may declare its own.
   */
  public static synchronized void routeJavaUtilLogging() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }

  /**
   * Keeps {@code java.util.logging}'s levels in step with {@code context}'s, so that a JUL record
   * below the level is not even made: installs a {@link LevelChangePropagator} (resetting JUL's
   * levels) unless {@code context} has one already. The one place that installs it.
   */
  static void propagateLevelsToJavaUtilLogging(LoggerContext context) {
    boolean propagated =
        context.getCopyOfListenerList().stream().anyMatch(l -> l instanceof LevelChangePropagator);
    if (!propagated) {
      LevelChangePropagator propagator = new LevelChangePropagator();
      propagator.setContext(context);
      propagator.setResetJUL(true);
      propagator.start();
      context.addListener(propagator);
    }
  }

  /**
   * Makes {@code context}'s root logger write through {@code appender} only, in {@code format}, at
   * {@code level}; replaces every appender it had.
   */
  static void configure(
      LoggerContext context,
      Format format,
      Level level,
      OutputStreamAppender<ILoggingEvent> appender) {
    Encoder<ILoggingEvent> encoder = encoder(format, context);
    appender.setContext(context);
    appender.setName(APPENDER);
    appender.setEncoder(encoder);
    appender.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    root.addAppender(appender);
    root.setLevel(level);
  }

  private static Encoder<ILoggingEvent> encoder(Format format, LoggerContext context) {
    if (format == Format.JSON) {
      JsonEncoder json = new JsonEncoder();
      json.setContext(context);
      json.setWithSequenceNumber(false);
      json.setWithNanoseconds(false);
      json.setWithContext(false);
      json.setWithMessage(false);
      json.setWithArguments(false);
      json.setWithFormattedMessage(true);
      json.start();
      return json;
    }
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern(PATTERN);
    text.start();
    return text;
  }

  /** Reads {@code text} or {@code json}, in any case. */
  public static final class FormatConverter implements ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      try {
        return Format.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a log format: write text or json");
      }
    }
  }

  /**
   * Reads a Logback level: {@code trace}, {@code debug}, {@code info}, {@code warn}, {@code error}
   * or {@code off}.
   */
  public static final class LevelConverter implements ITypeConverter<Level> {
    @Override
    public Level convert(String value) {
      Level level = Level.toLevel(value.strip(), null);
      if (level == null || level == Level.ALL) {
        throw new TypeConversionException(
            "'" + value + "' is not a log level: write trace, debug, info, warn, error or off");
      }
      return level;
    }
  }
}
