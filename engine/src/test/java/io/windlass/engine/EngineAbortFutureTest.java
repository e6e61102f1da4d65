package io.windlass.engine;

import static com.google.common.util.concurrent.MoreExecutors.directExecutor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.Service;
import com.google.common.util.concurrent.Uninterruptibles;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Resources#aborted()}: a start can wait on its abort, or register for it, instead of
 * polling {@link Resources#isAborted()}.
 */
class EngineAbortFutureTest {
  private final EngineHarness h = new EngineHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  /**
   * A start that waits for its abort and nothing else: it ignores interrupts, so only the future
   * can release it. It records each call, and whether isAborted() agreed when the future completed.
   */
  private static StartFunction<TestWorker> waitsForAbort(
      AtomicInteger calls, AtomicInteger released, List<Boolean> abortedFlags) {
    return resources -> {
      calls.incrementAndGet();
      Uninterruptibles.getUninterruptibly(resources.aborted());
      abortedFlags.add(resources.isAborted());
      released.incrementAndGet();
      throw new CancellationException("start of \"" + resources.manifold() + "\" aborted");
    };
  }

  @Test
  void aStartWaitingOnAbortedReturnsWhenTheEngineStops() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger released = new AtomicInteger();
    List<Boolean> flags = new CopyOnWriteArrayList<>();
    h.start();
    h.engine.install(
        Manifold.builder("waiting").start(waitsForAbort(calls, released, flags)).build());
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);
    assertThat(released.get()).isZero();

    // The clock is manual: the stop timeout cannot fire, so the engine terminates only because the
    // start returned when its abort completed.
    h.engine.stopAsync().awaitTerminated(10, TimeUnit.SECONDS);

    assertThat(released.get()).isEqualTo(1);
    assertThat(flags).containsExactly(true);
    assertThat(calls.get()).isEqualTo(1);
    assertThat(h.engine.state()).isEqualTo(Service.State.TERMINATED);
    assertThat(String.valueOf(h.engine.report().manifold("waiting").error()))
        .doesNotContain("stuck");
  }

  @Test
  void anAbortListenerRunsOnceWhenAnInputChangeAbandonsTheStartAndTheStartIsCalledAgain()
      throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger listened = new AtomicInteger();
    List<String> listenerThreads = new CopyOnWriteArrayList<>();
    h.start();
    h.engine.install(
        Manifold.builder("dependent")
            .inputs("input")
            .start(
                resources -> {
                  calls.incrementAndGet();
                  resources
                      .aborted()
                      .addListener(
                          () -> {
                            listened.incrementAndGet();
                            listenerThreads.add(Thread.currentThread().getName());
                          },
                          directExecutor());
                  Uninterruptibles.getUninterruptibly(resources.aborted());
                  throw new CancellationException("aborted");
                })
            .build());
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);

    h.engine.install(h.manifold("input").build());
    await().atMost(Duration.ofSeconds(10)).until(() -> listened.get() == 1);
    // The input's start bounced the dependent: after the bounce delay it is called again.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              h.clock.advance(Duration.ofMillis(5));
              return calls.get() == 2;
            });

    h.engine.stopAsync().awaitTerminated(10, TimeUnit.SECONDS);
    assertThat(listened.get()).isEqualTo(2);
    assertThat(calls.get()).isEqualTo(2);
    // Listeners never run on the engine loop, even with directExecutor().
    assertThat(listenerThreads).allSatisfy(name -> assertThat(name).contains("-start-"));
  }

  @Test
  void cancellingAnAbortedViewAffectsNeitherTheStartNorLaterViews() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger released = new AtomicInteger();
    List<Boolean> flags = new CopyOnWriteArrayList<>();
    List<Boolean> cancelled = new CopyOnWriteArrayList<>();
    h.start();
    h.engine.install(
        Manifold.builder("waiting")
            .start(
                resources -> {
                  cancelled.add(resources.aborted().cancel(true));
                  return waitsForAbort(calls, released, flags).start(resources);
                })
            .build());
    await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);

    assertThat(cancelled).containsExactly(true);
    assertThat(released.get()).isZero();
    assertThat(released.get()).isZero();
    h.engine.stopAsync().awaitTerminated(10, TimeUnit.SECONDS);
    assertThat(released.get()).isEqualTo(1);
    assertThat(flags).containsExactly(true);
  }

  @Test
  void theAbortedFutureOfAStartWhoseWorkerRunsDoesNotComplete() {
    List<Resources> seen = new CopyOnWriteArrayList<>();
    h.start();
    h.engine.install(
        Manifold.builder("runner")
            .start(
                resources -> {
                  seen.add(resources);
                  return new TestWorker("runner");
                })
            .build());
    h.settle();
    assertThat(h.engine.report().manifold("runner").state()).isEqualTo("started");

    h.engine.stopAsync().awaitTerminated();

    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).isAborted()).isFalse();
    assertThat(seen.get(0).aborted().isDone()).isFalse();
  }
}
