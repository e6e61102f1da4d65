package io.windlass.manifolds.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The header and body deadlines on a fake clock and fake connections. */
class ReadDeadlinesTest {
  private long now = 1_000_000;
  private final java.util.concurrent.atomic.AtomicInteger headerTimeouts =
      new java.util.concurrent.atomic.AtomicInteger();
  private final ReadDeadlines deadlines =
      new ReadDeadlines(
          Duration.ofSeconds(10),
          Duration.ofSeconds(60),
          () -> now,
          headerTimeouts::incrementAndGet);

  /** A connection that counts what it was told. */
  private static final class FakePeer implements ReadDeadlines.Peer {
    long bytesIn;
    boolean closed;
    boolean readsExpired;

    @Override
    public long bytesIn() {
      return bytesIn;
    }

    @Override
    public void close() {
      closed = true;
    }

    @Override
    public void expireReads() {
      readsExpired = true;
    }
  }

  private void advance(Duration by) {
    now += by.toNanos();
  }

  @Test
  void aNewConnectionMustSendItsHeadersWithinTheHeaderTimeoutOfOpening() {
    FakePeer peer = new FakePeer();
    deadlines.opened(peer, peer);

    advance(Duration.ofSeconds(9));
    peer.bytesIn = 30; // trickling, never done
    deadlines.sweep();
    assertThat(peer.closed).isFalse();

    advance(Duration.ofSeconds(2));
    deadlines.sweep();
    assertThat(peer.closed).isTrue();
    assertThat(deadlines.headerTimeouts()).isEqualTo(1);
    assertThat(headerTimeouts).as("told").hasValue(1);
    assertThat(deadlines.connections()).isZero();
  }

  @Test
  void theLastSweepIsKnownByItsClockReading() {
    assertThat(deadlines.lastSweepNanos()).as("before any sweep").isEqualTo(1_000_000);

    advance(Duration.ofSeconds(3));
    deadlines.sweep();
    advance(Duration.ofSeconds(1));

    assertThat(deadlines.lastSweepNanos()).isEqualTo(1_000_000 + Duration.ofSeconds(3).toNanos());
  }

  @Test
  void aKeptAliveConnectionIsTimedFromTheNextRequestsFirstByte() {
    FakePeer peer = new FakePeer();
    deadlines.opened(peer, peer);
    peer.bytesIn = 100;
    deadlines.requestStarted(peer, () -> true);
    deadlines.requestEnded(peer);

    // Idle between requests: the idle timeout's business, not the header deadline's.
    advance(Duration.ofMinutes(5));
    deadlines.sweep();
    assertThat(peer.closed).isFalse();

    peer.bytesIn = 101;
    deadlines.sweep();
    advance(Duration.ofSeconds(10));
    deadlines.sweep();
    assertThat(peer.closed).isFalse();
    advance(Duration.ofMillis(1));
    deadlines.sweep();
    assertThat(peer.closed).isTrue();
  }

  @Test
  void aBodyNotReadWithinTheBodyTimeoutHasItsReadsExpiredOnce() {
    FakePeer peer = new FakePeer();
    deadlines.opened(peer, peer);
    AtomicBoolean finished = new AtomicBoolean();
    ReadDeadlines.Body body = deadlines.requestStarted(peer, finished::get);

    advance(Duration.ofSeconds(60));
    deadlines.sweep();
    assertThat(peer.readsExpired).isFalse();
    assertThat(body.expired()).isFalse();

    advance(Duration.ofMillis(1));
    deadlines.sweep();
    deadlines.sweep();
    assertThat(peer.readsExpired).isTrue();
    assertThat(body.expired()).isTrue();
    assertThat(peer.closed).as("answered 408 by the request, not closed here").isFalse();
    assertThat(deadlines.bodyTimeouts()).isEqualTo(1);
  }

  @Test
  void aBodyReadInTimeIsNotCutOffHoweverLongItsRouteTakes() {
    FakePeer peer = new FakePeer();
    deadlines.opened(peer, peer);
    AtomicBoolean finished = new AtomicBoolean();
    ReadDeadlines.Body body = deadlines.requestStarted(peer, finished::get);

    advance(Duration.ofSeconds(30));
    finished.set(true);
    advance(Duration.ofMinutes(10));
    deadlines.sweep();

    assertThat(body.expired()).isFalse();
    assertThat(peer.readsExpired).isFalse();
    assertThat(peer.closed).isFalse();
  }
}
