package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class TargetFailureLogTest {
  private static final String TARGET = "http://127.0.0.1:9/metrics";
  private static final String LINE = "scrape of " + TARGET + " failed: connection refused";

  private final Logger logger = (Logger) LoggerFactory.getLogger("test.TargetFailureLogTest");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final ConnectException refused = new ConnectException("Connection refused");

  @BeforeEach
  void capture() {
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.INFO);
    logger.setAdditive(false); // kept here, not printed
  }

  @AfterEach
  void release() {
    logger.detachAppender(appender);
    logger.setLevel(null);
    logger.setAdditive(true);
  }

  private List<String> warnings() {
    return appender.list.stream()
        .filter(e -> e.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  @Test
  void logsATargetsFirstFailureAtOnceAsOneLineWithoutAStackTrace() {
    TargetFailureLog log = new TargetFailureLog(logger, Duration.ofMinutes(1), clock);

    assertThat(log.failed(TARGET, LINE, refused)).isEqualTo(LINE);

    assertThat(warnings()).containsExactly(LINE);
    assertThat(appender.list).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
  }

  @Test
  void logsATargetAtMostOncePerIntervalAndCountsTheRepeatsItLeftOut() {
    TargetFailureLog log = new TargetFailureLog(logger, Duration.ofMinutes(1), clock);
    log.failed(TARGET, LINE, refused);
    for (int i = 0; i < 59; i++) {
      clock.advance(Duration.ofSeconds(1));
      assertThat(log.failed(TARGET, LINE, refused)).isNull();
    }
    clock.advance(Duration.ofSeconds(1));

    String next = log.failed(TARGET, LINE, refused);

    assertThat(next).isEqualTo(LINE + " (59 more since 2026-01-01T00:00:00Z)");
    assertThat(warnings()).containsExactly(LINE, next);
  }

  @Test
  void eachTargetHasItsOwnInterval() {
    TargetFailureLog log = new TargetFailureLog(logger, Duration.ofMinutes(1), clock);

    log.failed(TARGET, LINE, refused);
    log.failed("http://127.0.0.1:10/metrics", "scrape of :10 failed: timed out", null);
    log.failed(TARGET, LINE, refused);

    assertThat(warnings()).containsExactly(LINE, "scrape of :10 failed: timed out");
  }

  @Test
  void aTargetThatRecoveredIsLoggedAtOnceWhenItFailsAgain() {
    TargetFailureLog log = new TargetFailureLog(logger, Duration.ofMinutes(1), clock);
    log.failed(TARGET, LINE, refused);

    log.recovered(TARGET);
    clock.advance(Duration.ofSeconds(5));

    assertThat(log.failed(TARGET, LINE, refused)).isEqualTo(LINE);
    assertThat(warnings()).containsExactly(LINE, LINE);
  }

  @Test
  void theStackTraceGoesToDebugOnly() {
    logger.setLevel(Level.DEBUG);
    TargetFailureLog log = new TargetFailureLog(logger, Duration.ofMinutes(1), clock);

    log.failed(TARGET, LINE, refused);
    log.failed(TARGET, LINE, refused);

    assertThat(appender.list)
        .filteredOn(e -> e.getLevel() == Level.DEBUG)
        .hasSize(2)
        .allSatisfy(
            e -> assertThat(e.getThrowableProxy().getClassName()).endsWith("ConnectException"));
    assertThat(appender.list)
        .filteredOn(e -> e.getLevel() == Level.WARN)
        .allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
  }

  @Test
  void remembersAtMostTheLimitOfTargetsForgettingTheLeastRecent() {
    TargetFailureLog log = new TargetFailureLog(logger, Duration.ofMinutes(1), clock);
    for (int i = 0; i <= TargetFailureLog.MAX_TARGETS; i++) {
      log.failed("target-" + i, "target-" + i + " failed", null);
    }

    assertThat(log.targets()).isEqualTo(TargetFailureLog.MAX_TARGETS);
    assertThat(log.failed("target-0", "target-0 failed", null))
        .as("forgotten, so logged at once")
        .isEqualTo("target-0 failed");
    assertThat(log.failed("target-" + TargetFailureLog.MAX_TARGETS, "again", null)).isNull();
  }

  @Test
  void theIntervalMustBePositive() {
    assertThatThrownBy(() -> new TargetFailureLog(logger, Duration.ZERO, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("interval PT0S must be > 0");
  }
}
