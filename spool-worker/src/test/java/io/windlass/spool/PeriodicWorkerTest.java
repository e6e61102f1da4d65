package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.Service.State;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PeriodicWorkerTest {

  private static final Duration PERIOD = Duration.ofSeconds(60);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ManualScheduler scheduler = new ManualScheduler();
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger stops = new AtomicInteger();
  private double random = 0.5;

  private PeriodicWorker worker(PeriodicWorker.Call call) {
    return new PeriodicWorker(call, PERIOD, stops::incrementAndGet, scheduler, () -> random);
  }

  private PeriodicWorker counting() {
    return worker(calls::incrementAndGet);
  }

  @Test
  void firstRunIsImmediate() {
    PeriodicWorker worker = counting();
    worker.startAsync().awaitRunning();

    assertThat(scheduler.pending()).containsExactly(Duration.ZERO);
    scheduler.runDue();

    assertThat(calls).hasValue(1);
  }

  @Test
  void runsAgainEveryPeriod() {
    PeriodicWorker worker = counting();
    worker.startAsync().awaitRunning();
    scheduler.runDue();

    scheduler.advance(PERIOD.minusNanos(1));
    assertThat(calls).hasValue(1);
    scheduler.advance(Duration.ofNanos(1));
    assertThat(calls).hasValue(2);
    scheduler.advance(PERIOD.multipliedBy(3));
    assertThat(calls).hasValue(5);
  }

  @Test
  void periodIsSpreadByTwentyPercentEitherWay() {
    PeriodicWorker worker = counting();
    worker.startAsync().awaitRunning();

    random = 0;
    scheduler.runDue();
    assertThat(scheduler.pending()).containsExactly(Duration.ofSeconds(48));

    random = 1;
    scheduler.advance(Duration.ofSeconds(48));
    assertThat(scheduler.pending()).containsExactly(Duration.ofSeconds(72));

    random = 0.25;
    scheduler.advance(Duration.ofSeconds(72));
    assertThat(scheduler.pending()).containsExactly(Duration.ofSeconds(54));
    assertThat(calls).hasValue(3);
  }

  @Test
  void everySpreadPeriodLiesWithinTwentyPercent() {
    PeriodicWorker worker = new PeriodicWorker(() -> {}, PERIOD, () -> {}, scheduler, Math::random);
    for (int i = 0; i < 1000; i++) {
      assertThat(worker.nextPeriod()).isBetween(Duration.ofSeconds(48), Duration.ofSeconds(72));
    }
  }

  @Test
  void aSpacingDecidesEachDelayFromThePeriod() {
    List<Duration> delays =
        new ArrayList<>(List.of(Duration.ofSeconds(5), Duration.ofSeconds(-1), PERIOD));
    PeriodicWorker worker =
        new PeriodicWorker(
            calls::incrementAndGet,
            PERIOD,
            period -> {
              assertThat(period).isEqualTo(PERIOD);
              return delays.remove(0);
            },
            stops::incrementAndGet,
            scheduler);
    worker.startAsync().awaitRunning();

    scheduler.runDue();
    assertThat(scheduler.pending()).containsExactly(Duration.ofSeconds(5));
    scheduler.advance(Duration.ofSeconds(5));
    // The second run's negative delay counts as none: the third run followed it at once.
    assertThat(calls).hasValue(3);
    assertThat(scheduler.pending()).containsExactly(PERIOD);
  }

  @Test
  void runNowRunsAtOnceAndThePeriodStartsAgainFromThere() throws Exception {
    PeriodicWorker worker = counting();
    worker.startAsync().awaitRunning();
    scheduler.runDue();
    scheduler.advance(Duration.ofSeconds(20));

    ListenableFuture<Void> done = worker.runNow();
    assertThat(done).isNotDone();
    scheduler.runDue();

    assertThat(done).isDone();
    assertThat(done.get()).isNull();
    assertThat(calls).hasValue(2);
    assertThat(scheduler.pending()).containsExactly(PERIOD);
  }

  @Test
  void requestsBeforeARunStartsShareThatRun() {
    PeriodicWorker worker = counting();
    worker.startAsync().awaitRunning();
    scheduler.runDue();

    ListenableFuture<Void> first = worker.runNow();
    ListenableFuture<Void> second = worker.runNow();
    scheduler.runDue();

    assertThat(first).isDone();
    assertThat(second).isDone();
    assertThat(calls).hasValue(2);
    assertThat(scheduler.pending()).containsExactly(PERIOD);
  }

  @Test
  void requestDuringARunIsServedByAnotherRunRightAfterIt() {
    AtomicReference<ListenableFuture<Void>> requested = new AtomicReference<>();
    AtomicReference<PeriodicWorker> self = new AtomicReference<>();
    List<String> events = new ArrayList<>();
    PeriodicWorker worker =
        worker(
            () -> {
              int call = calls.incrementAndGet();
              if (call == 2) {
                requested.set(self.get().runNow()); // a trigger arrives mid-run
              } else if (call == 3) {
                events.add("third run; request done: " + requested.get().isDone());
              }
            });
    self.set(worker);
    worker.startAsync().awaitRunning();
    scheduler.runDue();

    scheduler.advance(PERIOD);

    assertThat(calls).hasValue(3);
    assertThat(events).containsExactly("third run; request done: false");
    assertThat(requested.get()).isDone();
    assertThat(scheduler.pending()).containsExactly(PERIOD);
  }

  @Test
  void failingCallFailsTheWorkerRunsTheStopHookAndFailsWaitingRequests() {
    IOException failure = new IOException("backend unreachable");
    AtomicReference<ListenableFuture<Void>> requested = new AtomicReference<>();
    AtomicReference<PeriodicWorker> self = new AtomicReference<>();
    PeriodicWorker worker =
        worker(
            () -> {
              if (calls.incrementAndGet() == 2) {
                requested.set(self.get().runNow());
                throw failure;
              }
            });
    self.set(worker);
    worker.startAsync().awaitRunning();
    scheduler.runDue();
    scheduler.advance(PERIOD);

    assertThat(worker.state()).isEqualTo(State.FAILED);
    assertThat(worker.failureCause()).isSameAs(failure);
    assertThat(stops).hasValue(1);
    assertThat(requested.get()).isDone();
    assertThatThrownBy(() -> requested.get().get())
        .isInstanceOf(ExecutionException.class)
        .hasCause(failure);
    assertThat(scheduler.pending()).isEmpty();
  }

  @Test
  void failingTriggeredRunFailsItsRequest() {
    IOException failure = new IOException("disk full");
    PeriodicWorker worker =
        worker(
            () -> {
              if (calls.incrementAndGet() == 2) {
                throw failure;
              }
            });
    worker.startAsync().awaitRunning();
    scheduler.runDue();

    ListenableFuture<Void> done = worker.runNow();
    scheduler.runDue();

    assertThatThrownBy(() -> done.get()).hasCause(failure);
    assertThat(worker.state()).isEqualTo(State.FAILED);
  }

  @Test
  void stopCancelsTheNextRunAndCallsTheStopHookOnce() {
    PeriodicWorker worker = counting();
    worker.startAsync().awaitRunning();
    scheduler.runDue();

    worker.stopAsync().awaitTerminated();
    scheduler.advance(PERIOD.multipliedBy(10));

    assertThat(calls).hasValue(1);
    assertThat(stops).hasValue(1);
    assertThat(worker.state()).isEqualTo(State.TERMINATED);
  }

  @Test
  void stopBeforeTheFirstRunMeansNoRun() {
    PeriodicWorker worker = counting();
    worker.startAsync().awaitRunning();

    worker.stopAsync().awaitTerminated();
    scheduler.runDue();

    assertThat(calls).hasValue(0);
    assertThat(stops).hasValue(1);
  }

  @Test
  void stopDuringARunCallsTheHookAtOnceAndTerminatesWhenTheRunReturns() {
    AtomicReference<PeriodicWorker> self = new AtomicReference<>();
    List<String> events = new ArrayList<>();
    PeriodicWorker worker =
        new PeriodicWorker(
            () -> {
              self.get().stopAsync();
              events.add("hook ran " + stops.get() + ", state " + self.get().state());
            },
            PERIOD,
            stops::incrementAndGet,
            scheduler,
            () -> random);
    self.set(worker);
    worker.startAsync().awaitRunning();

    scheduler.runDue();

    assertThat(events).containsExactly("hook ran 1, state STOPPING");
    assertThat(worker.state()).isEqualTo(State.TERMINATED);
    assertThat(stops).hasValue(1);
    assertThat(scheduler.pending()).isEmpty();
  }

  @Test
  void requestWaitingWhenTheWorkerStopsIsCancelled() {
    PeriodicWorker worker = counting();
    worker.startAsync().awaitRunning();
    scheduler.runDue();
    ListenableFuture<Void> done = worker.runNow();

    worker.stopAsync().awaitTerminated();

    assertThat(done).isCancelled();
  }

  @Test
  void runNowFailsWhenTheWorkerIsNotRunning() {
    PeriodicWorker worker = counting();

    assertThatThrownBy(() -> worker.runNow().get())
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the periodic worker is not running");

    worker.startAsync().awaitRunning();
    worker.stopAsync().awaitTerminated();
    assertThatThrownBy(() -> worker.runNow().get()).hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void periodMustBePositive() {
    assertThatThrownBy(() -> new PeriodicWorker(() -> {}, Duration.ZERO, () -> {}))
        .hasMessage("period PT0S must be > 0");
  }

  @Test
  void onItsOwnThreadItRunsAtOnceAndOnRequest() throws Exception {
    List<String> threads = new ArrayList<>();
    PeriodicWorker worker =
        new PeriodicWorker(
            () -> {
              synchronized (threads) {
                threads.add(Thread.currentThread().getName());
              }
              calls.incrementAndGet();
            },
            Duration.ofHours(1),
            stops::incrementAndGet);
    worker.startAsync().awaitRunning(WAIT);
    await().atMost(WAIT).until(calls::get, n -> n == 1);

    worker.runNow().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(calls).hasValue(2);

    worker.stopAsync().awaitTerminated(WAIT);
    assertThat(stops).hasValue(1);
    synchronized (threads) {
      assertThat(threads).allMatch(name -> name.startsWith("windlass-periodic-"));
    }
  }
}
