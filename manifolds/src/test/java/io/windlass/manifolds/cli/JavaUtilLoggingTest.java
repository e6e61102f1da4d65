package io.windlass.manifolds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code java.util.logging} routed to SLF4J by {@link LogOutput#routeJavaUtilLogging()}, its levels
 * kept in step by {@link LogOutput#propagateLevelsToJavaUtilLogging}, and Guava {@code
 * ServiceManager}'s repeated failures dropped by {@link ServiceManagerFailureFilter}.
 */
class JavaUtilLoggingTest {
  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final ServiceManagerFailureFilter filter = new ServiceManagerFailureFilter();
  private final Logger library = context.getLogger("test.jul.Library");
  private final Logger serviceManager = context.getLogger(ServiceManagerFailureFilter.LOGGER);

  @BeforeEach
  void capture() {
    LogOutput.routeJavaUtilLogging();
    // As StartupLogConfiguration does; this JVM's logging is logback-test.xml's.
    LogOutput.propagateLevelsToJavaUtilLogging(context);
    appender.start();
    for (Logger logger : new Logger[] {library, serviceManager}) {
      logger.addAppender(appender);
      logger.setLevel(Level.INFO);
      logger.setAdditive(false); // kept here, not printed
    }
    filter.start();
    context.addTurboFilter(filter);
  }

  @AfterEach
  void release() {
    context.getTurboFilterList().remove(filter);
    for (Logger logger : new Logger[] {library, serviceManager}) {
      logger.detachAppender(appender);
      logger.setLevel(null);
      logger.setAdditive(true);
    }
  }

  @Test
  void aJulRecordReachesTheSlf4jLoggerOfTheSameName() {
    java.util.logging.Logger.getLogger("test.jul.Library").warning("connection reset by peer");

    assertThat(appender.list)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLoggerName()).isEqualTo("test.jul.Library");
              assertThat(event.getLevel()).isEqualTo(Level.WARN);
              assertThat(event.getFormattedMessage()).isEqualTo("connection reset by peer");
            });
  }

  @Test
  void julLevelsFollowLogbacksSoRecordsBelowTheLevelAreNotEvenMade() {
    java.util.logging.Logger jul = java.util.logging.Logger.getLogger("test.jul.Library");

    assertThat(jul.isLoggable(java.util.logging.Level.FINE)).isFalse();
    library.setLevel(Level.DEBUG);
    assertThat(jul.isLoggable(java.util.logging.Level.FINE)).isTrue();
  }

  @Test
  void theServiceManagersRepeatedFailureIsDroppedAndItsOtherLinesPass() {
    java.util.logging.Logger jul =
        java.util.logging.Logger.getLogger(ServiceManagerFailureFilter.LOGGER);

    jul.log(
        java.util.logging.Level.SEVERE,
        "Service spool [FAILED] has failed in the RUNNING state.",
        new IllegalStateException("disk full"));
    jul.warning(
        "ServiceManager configured with no services.  Is your application configured"
            + " properly?");

    assertThat(appender.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "ServiceManager configured with no services.  Is your application configured"
                + " properly?");
  }

  @Test
  void theFilterLeavesOtherLoggersAlone() {
    library.error("Service spool [FAILED] has failed in the RUNNING state.");

    assertThat(appender.list).hasSize(1);
  }
}
