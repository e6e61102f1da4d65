package io.windlass.spool.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DirectorySyncTest {
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void syncsOnceForEachCallWhenAlone() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    DirectorySync sync = new DirectorySync(calls::incrementAndGet);

    sync.awaitSynced();
    sync.awaitSynced();
    sync.awaitSynced();

    assertThat(calls).hasValue(3);
    assertThat(sync.syncs()).isEqualTo(3);
  }

  @Test
  void publishersArrivingDuringASyncShareTheNextOne() throws Exception {
    CountDownLatch firstEntered = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    DirectorySync sync =
        new DirectorySync(
            () -> {
              if (calls.incrementAndGet() == 1) {
                firstEntered.countDown();
                awaitLatch(releaseFirst);
              }
            });
    Future<?> first = threads.submit(() -> awaitSynced(sync));
    assertThat(firstEntered.await(10, TimeUnit.SECONDS)).isTrue();

    List<Thread> waiting = new ArrayList<>();
    List<Future<?>> followers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      followers.add(
          threads.submit(
              () -> {
                synchronized (waiting) {
                  waiting.add(Thread.currentThread());
                }
                awaitSynced(sync);
              }));
    }
    // Every follower has taken its ticket and is parked behind the running sync.
    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(
            () -> {
              synchronized (waiting) {
                return waiting.size() == 5
                    && waiting.stream().allMatch(t -> t.getState() == Thread.State.WAITING);
              }
            });
    releaseFirst.countDown();

    first.get(10, TimeUnit.SECONDS);
    for (Future<?> follower : followers) {
      follower.get(10, TimeUnit.SECONDS);
    }
    assertThat(calls).hasValue(2);
    assertThat(sync.syncs()).isEqualTo(2);
  }

  @Test
  void aFailedSyncFailsItsRunnerAndTheOthersSyncAgain() throws Exception {
    CountDownLatch firstEntered = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    DirectorySync sync =
        new DirectorySync(
            () -> {
              if (calls.incrementAndGet() == 1) {
                firstEntered.countDown();
                awaitLatch(releaseFirst);
                throw new IOException("disk gone");
              }
            });
    Future<?> first = threads.submit(() -> awaitSynced(sync));
    assertThat(firstEntered.await(10, TimeUnit.SECONDS)).isTrue();
    Thread[] follower = new Thread[1];
    Future<?> second =
        threads.submit(
            () -> {
              follower[0] = Thread.currentThread();
              awaitSynced(sync);
            });
    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> follower[0] != null && follower[0].getState() == Thread.State.WAITING);
    releaseFirst.countDown();

    assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseMessage("disk gone");
    second.get(10, TimeUnit.SECONDS);
    assertThat(calls).hasValue(2);
    assertThat(sync.syncs()).isEqualTo(1);
  }

  private static void awaitSynced(DirectorySync sync) {
    try {
      sync.awaitSynced();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
