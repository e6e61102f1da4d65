package io.windlass.manifolds.report;

import static io.windlass.manifolds.report.Snapshots.SINK;
import static io.windlass.manifolds.report.Snapshots.loaded;
import static io.windlass.manifolds.report.Snapshots.sender;
import static io.windlass.manifolds.report.Snapshots.snapshot;
import static io.windlass.manifolds.report.Snapshots.spool;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.manifolds.stats.ConfigHistory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentEventsTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void nothingChangedIsNoLine() {
    AgentSnapshot same =
        snapshot(
            loaded(1),
            Optional.of(spool(10, 100 * MIB, 1, 5, Duration.ZERO)),
            Optional.of(sender(5, Optional.empty())));

    assertThat(AgentEvents.between(same, same)).isEmpty();
  }

  @Test
  void theFirstConfigIsNoEventButAReloadAndARejectionAre() {
    ConfigHistory rejected =
        new ConfigHistory(
            2,
            "windlass.yaml",
            "host-1",
            1,
            List.of("windlass.yaml:2:14: spool.max-bytes: \"12XB\" is not a size"));

    assertThat(
            AgentEvents.between(
                AgentSnapshot.empty(), snapshot(loaded(1), Optional.empty(), Optional.empty())))
        .isEmpty();
    assertThat(
            AgentEvents.between(
                snapshot(loaded(1), Optional.empty(), Optional.empty()),
                snapshot(loaded(2), Optional.empty(), Optional.empty())))
        .containsExactly("config reloaded: windlass.yaml (agent host-1)");
    assertThat(
            AgentEvents.between(
                snapshot(loaded(2), Optional.empty(), Optional.empty()),
                snapshot(rejected, Optional.empty(), Optional.empty())))
        .containsExactly(
            "config windlass.yaml changed but is kept out; the running config stays:"
                + " windlass.yaml:2:14: spool.max-bytes: \"12XB\" is not a size");
  }

  @Test
  void theSinkGoingDownAndComingBackUpAreOneLineEach() {
    AgentSnapshot up =
        snapshot(loaded(1), Optional.empty(), Optional.of(sender(10, Optional.empty())));
    AgentSnapshot down =
        snapshot(
            loaded(1),
            Optional.empty(),
            Optional.of(sender(10, Optional.of("connection refused"))));
    AgentSnapshot upAgain =
        snapshot(loaded(1), Optional.empty(), Optional.of(sender(30, Optional.empty())));

    assertThat(AgentEvents.between(up, down))
        .containsExactly(
            "sink "
                + SINK
                + " is down: connection refused; batches stay in the spool and are retried");
    assertThat(AgentEvents.between(down, down)).as("still down: no new line").isEmpty();
    assertThat(AgentEvents.between(down, upAgain))
        .containsExactly("sink " + SINK + " is up again: 3 batches sent so far");
  }

  @Test
  void theSpoolReachingEightyPercentOfItsBoundAndGoingBackUnderAreOneLineEach() {
    AgentSnapshot under =
        snapshot(
            loaded(1),
            Optional.of(spool(79 * MIB, 100 * MIB, 7, 0, Duration.ZERO)),
            Optional.empty());
    AgentSnapshot atBound =
        snapshot(
            loaded(1),
            Optional.of(spool(80 * MIB, 100 * MIB, 8, 0, Duration.ZERO)),
            Optional.empty());
    AgentSnapshot fuller =
        snapshot(
            loaded(1),
            Optional.of(spool(95 * MIB, 100 * MIB, 9, 0, Duration.ZERO)),
            Optional.empty());

    assertThat(AgentEvents.between(under, atBound))
        .containsExactly(
            "spool at 80% of its bound (80MiB of 100MiB, 8 batches): it is filling faster than"
                + " it is sent");
    assertThat(AgentEvents.between(atBound, fuller)).as("still over: no new line").isEmpty();
    assertThat(AgentEvents.between(fuller, under))
        .containsExactly("spool back under 80% of its bound (79%)");
  }
}
