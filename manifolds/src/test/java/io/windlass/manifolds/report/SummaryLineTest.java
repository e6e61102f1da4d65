package io.windlass.manifolds.report;

import static io.windlass.manifolds.report.Snapshots.loaded;
import static io.windlass.manifolds.report.Snapshots.sender;
import static io.windlass.manifolds.report.Snapshots.snapshot;
import static io.windlass.manifolds.report.Snapshots.spool;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SummaryLineTest {

  @Test
  void saysSamplesInAndOutWithTheirChangeTheSpoolTheBacklogAndTheSink() {
    AgentSnapshot before =
        snapshot(
            loaded(1),
            Optional.of(spool(1000, 1L << 30, 1, 1400, Duration.ofSeconds(3))),
            Optional.of(sender(1280, Optional.empty())));
    AgentSnapshot now =
        snapshot(
            loaded(1),
            Optional.of(spool(37_068, 1L << 30, 2, 1520, Duration.ofMillis(9_400))),
            Optional.of(sender(1400, Optional.empty())));

    assertThat(SummaryLine.of(before, now))
        .isEqualTo(
            "summary: samples in 1520 (+120), out 1400 (+120); spool 36.2KiB of 1GiB (0%),"
                + " backlog 2 batches, oldest 9s; sink up");
  }

  @Test
  void saysTheSinkIsNoneWithoutASenderAndDownWhileItBacksOff() {
    AgentSnapshot noSink =
        snapshot(loaded(1), Optional.of(spool(0, 1024, 0, 0, Duration.ZERO)), Optional.empty());
    AgentSnapshot failing =
        snapshot(
            loaded(1),
            Optional.of(spool(512, 1024, 1, 10, Duration.ofMinutes(2))),
            Optional.of(sender(0, Optional.of("connection refused"))));

    assertThat(SummaryLine.of(AgentSnapshot.empty(), noSink))
        .isEqualTo(
            "summary: samples in 0 (+0), out 0 (+0); spool 0B of 1KiB (0%), backlog 0 batches,"
                + " oldest 0s; sink none");
    assertThat(SummaryLine.of(noSink, failing))
        .isEqualTo(
            "summary: samples in 10 (+10), out 0 (+0); spool 512B of 1KiB (50%), backlog 1"
                + " batch, oldest 2m; sink down");
    assertThat(SummaryLine.of(noSink, AgentSnapshot.empty()))
        .isEqualTo("summary: samples in 0 (+0), out 0 (+0); spool closed; sink none");
  }

  @Test
  void aSinkThatHasNotBeenSentToYetIsNotCalledUp() {
    AgentSnapshot fresh =
        snapshot(
            loaded(1),
            Optional.of(spool(0, 1024, 0, 0, Duration.ZERO)),
            Optional.of(
                new io.windlass.manifolds.stats.SenderState(
                    Snapshots.SINK,
                    "json",
                    new io.windlass.spool.sender.SenderStats(
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()))));

    assertThat(SummaryLine.of(fresh, fresh)).endsWith("; sink not tried yet");
  }

  @Test
  void bytesAreInTheLargestBinaryUnitWithOneDecimal() {
    assertThat(SummaryLine.bytes(0)).isEqualTo("0B");
    assertThat(SummaryLine.bytes(1023)).isEqualTo("1023B");
    assertThat(SummaryLine.bytes(1024)).isEqualTo("1KiB");
    assertThat(SummaryLine.bytes(1536)).isEqualTo("1.5KiB");
    assertThat(SummaryLine.bytes(5L << 30)).isEqualTo("5GiB");
    assertThat(SummaryLine.bytes(Long.MAX_VALUE)).isEqualTo("8EiB");
  }
}
