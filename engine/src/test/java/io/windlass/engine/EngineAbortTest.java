package io.windlass.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.Service;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Scenarios 13–15: aborted starts. */
class EngineAbortTest {
  private final EngineHarness h = new EngineHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  /** A start that blocks until it is aborted (its thread interrupted), counting its calls. */
  private static StartFunction<TestWorker> blockingStart(
      AtomicInteger calls, AtomicInteger aborts) {
    return resources -> {
      calls.incrementAndGet();
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        aborts.incrementAndGet();
        assertThat(resources.isAborted()).isTrue();
        throw e;
      }
      throw new AssertionError("unreachable");
    };
  }

  @Test
  @DisplayName(
      "13. stopping the engine while a start is blocked aborts that start; it is never called again")
  void engineStopAbortsBlockedStart() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger aborts = new AtomicInteger();
    h.engine =
        Engine.create(
            com.google.inject.Guice.createInjector(),
            java.util.List.of(
                Manifold.builder("blocked").start(blockingStart(calls, aborts)).build()),
            h.config().build());
    h.engine.startAsync().awaitRunning();
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);

    h.engine.stopAsync().awaitTerminated(10, TimeUnit.SECONDS);

    assertThat(aborts.get()).isEqualTo(1);
    assertThat(calls.get()).isEqualTo(1);
    assertThat(h.engine.state()).isEqualTo(Service.State.TERMINATED);
    assertThat(h.engine.report().manifold("blocked").state()).isEqualTo("stopped");
  }

  @Test
  @DisplayName(
      "14. an input starting while a dependent's start is blocked aborts that start and calls it again; after stop, no more")
  void inputStartAbortsAndRepeatsBlockedDependentStart() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger aborts = new AtomicInteger();
    h.start();
    h.engine.install(
        Manifold.builder("dependent").inputs("input").start(blockingStart(calls, aborts)).build());
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);

    h.engine.install(h.manifold("input").build());
    // The input's start bounces the dependent: abort, then start again after the bounce delay.
    await().atMost(Duration.ofSeconds(10)).until(() -> aborts.get() == 1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              h.clock.advance(Duration.ofMillis(5));
              return calls.get() == 2;
            });

    h.engine.stopAsync().awaitTerminated(10, TimeUnit.SECONDS);
    assertThat(aborts.get()).isEqualTo(2);
    assertThat(calls.get()).isEqualTo(2);
    assertThat(h.starts("input")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "15. a dependent waiting out a long bounce delay, aborted by a second input change, starts once after a fresh delay; no backoff")
  void abortedBounceDelayStartsOnceAfterFreshDelay() {
    h.start(
        h.config().bounceDelay(Duration.ofSeconds(1)).backoffFactor(2).build(),
        com.google.inject.Guice.createInjector(),
        h.manifold("input").build(),
        h.manifold("dependent", "input").build());
    // The dependent's first start may have met the input not yet running; let both settle.
    h.runFor(Duration.ofSeconds(2));
    assertThat(h.worker("dependent").isRunning()).isTrue();
    int before = h.starts("dependent");

    // The input fails: the dependent is stopped and waits out the 1 s bounce delay...
    h.worker("input").fail(new RuntimeException("input failed"));
    h.settle();
    assertThat(h.engine.report().manifold("dependent").state()).isEqualTo("starting");
    // ...while the input restarts after its 25 ms error delay, which aborts that wait.
    h.runFor(Duration.ofMillis(25));
    assertThat(h.starts("input")).isEqualTo(2);
    assertThat(h.clock.pendingDelays()).containsExactly(Duration.ofSeconds(1));

    // The original delay would have ended 1 s after the failure: nothing starts then.
    h.runFor(Duration.ofMillis(1000 - 25 - 1));
    assertThat(h.starts("dependent")).isEqualTo(before);
    // The fresh delay, counted from the abort, ends 1 s after the input restarted.
    h.runFor(Duration.ofMillis(1 + 25));
    assertThat(h.starts("dependent")).isEqualTo(before + 1);
    h.runFor(Duration.ofSeconds(5));
    assertThat(h.starts("dependent")).isEqualTo(before + 1);
  }
}
