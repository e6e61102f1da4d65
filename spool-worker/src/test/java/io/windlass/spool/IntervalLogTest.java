package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class IntervalLogTest {
  private final Logger logger = (Logger) LoggerFactory.getLogger("test.IntervalLogTest");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final IOException diskFull = new IOException("No space left on device");

  @BeforeEach
  void capture() {
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.DEBUG);
    logger.setAdditive(false); // kept here, not printed
  }

  @AfterEach
  void release() {
    logger.detachAppender(appender);
    logger.setLevel(null);
    logger.setAdditive(true);
  }

  private List<ILoggingEvent> warnings() {
    return appender.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
  }

  @Test
  void logsTheFirstOccurrenceAtOnceAsOneLineWithoutItsStackTrace() {
    IntervalLog log = new IntervalLog(logger, Duration.ofMinutes(1), clock);

    assertThat(log.warn("pushes are not stored: spool disk is full", diskFull)).isTrue();

    assertThat(warnings()).hasSize(1);
    assertThat(warnings().get(0).getFormattedMessage())
        .isEqualTo("pushes are not stored: spool disk is full (No space left on device)");
    assertThat(warnings().get(0).getThrowableProxy()).isNull();
  }

  @Test
  void countsTheOccurrencesWithinAnIntervalAndTellsThemWithTheNextLine() {
    IntervalLog log = new IntervalLog(logger, Duration.ofMinutes(1), clock);
    log.warn("disk full", diskFull);
    for (int i = 0; i < 1_000; i++) {
      clock.advance(Duration.ofMillis(50));
      assertThat(log.warn("disk full", diskFull)).isFalse();
    }
    assertThat(warnings()).hasSize(1);
    assertThat(log.unlogged()).isEqualTo(1_000);

    clock.advance(Duration.ofSeconds(10));
    assertThat(log.warn("disk full", diskFull)).isTrue();

    assertThat(warnings()).hasSize(2);
    assertThat(warnings().get(1).getFormattedMessage())
        .isEqualTo(
            "disk full (No space left on device); 1000 more times since 2026-01-01T00:00:00Z");
    assertThat(log.unlogged()).isZero();
  }

  @Test
  void keepsEveryStackTraceAtDebug() {
    IntervalLog log = new IntervalLog(logger, Duration.ofMinutes(1), clock);
    log.warn("disk full", diskFull);
    log.warn("disk full", diskFull);

    assertThat(appender.list.stream().filter(e -> e.getLevel() == Level.DEBUG))
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.getThrowableProxy()).isNotNull());
  }
}
