package io.windlass.spool.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.windlass.spool.DropReason;
import io.windlass.spool.EntryProblem;
import io.windlass.spool.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class DropLogTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final Path DIR = Path.of("/spool");

  private final MutableClock clock = new MutableClock(T0);
  private final Logger logger = (Logger) LoggerFactory.getLogger(DropLogTest.class);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final DropLog log = new DropLog(logger, DIR, clock, Duration.ofMinutes(1));

  @BeforeEach
  void capture() {
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void release() {
    logger.detachAppender(appender);
  }

  private List<String> lines() {
    return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void theFirstOfAKindIsLoggedAtOnceAndTheRestOnceTheIntervalHasPassed() {
    log.dropped(DropReason.MAX_BYTES, 100);
    log.dropped(DropReason.MAX_AGE, 50);
    log.flushIfDue();
    log.dropped(DropReason.MAX_BYTES, 10);
    log.flushIfDue();
    clock.advance(Duration.ofSeconds(59));
    log.flushIfDue();

    assertThat(lines())
        .containsExactly(
            "spool /spool: dropped 2 unread batches (150 bytes) since "
                + T0
                + " to stay within its bounds: max-bytes 1, max-age 1");

    clock.advance(Duration.ofSeconds(1));
    log.flushIfDue();

    assertThat(lines())
        .hasSize(2)
        .last()
        .isEqualTo(
            "spool /spool: dropped 1 unread batch (10 bytes) since "
                + T0
                + " to stay within its bounds: max-bytes 1");
  }

  @Test
  void eachKindHasItsOwnLineAndInterval() {
    log.dropped(DropReason.MAX_BATCHES, 1);
    log.flushIfDue();
    log.quarantined(EntryProblem.SYMLINK, "a.meta: a.meta is a symbolic link");
    log.quarantined(EntryProblem.SYMLINK, "b: b is a symbolic link");
    log.quarantined(EntryProblem.TOO_LARGE, "c: c holds 9 bytes or more; the limit is 8");
    log.skipped(EntryProblem.NOT_A_FILE, "d: d is a directory; cannot move it: permission denied");
    log.orphanRemoved(7);
    log.flushIfDue();

    assertThat(lines())
        .containsExactly(
            "spool /spool: dropped 1 unread batch (1 bytes) since "
                + T0
                + " to stay within its bounds: max-batches 1",
            "spool /spool: quarantined 3 entries since "
                + T0
                + " (symlink 2, too-large 1): moved to /spool/quarantine with a reason file each;"
                + " the last: c: c holds 9 bytes or more; the limit is 8",
            "spool /spool: skipped 1 entry since "
                + T0
                + " (not-a-file 1) that cannot be moved to quarantine: they are not read, not"
                + " counted, and not reported again; the last: d: d is a directory; cannot move"
                + " it: permission denied",
            "spool /spool: removed 1 data file without metadata (7 bytes) since "
                + T0
                + ": batches whose publishing never finished, so never acknowledged");
  }

  @Test
  void flushLogsWhatIsHeldBackWhateverTheInterval() {
    log.orphanRemoved(3);
    log.flushIfDue();
    log.orphanRemoved(4);
    log.flushIfDue();
    assertThat(lines()).hasSize(1);

    log.flush();
    log.flush();

    assertThat(lines()).hasSize(2).last().asString().contains("removed 1 data file");
  }
}
