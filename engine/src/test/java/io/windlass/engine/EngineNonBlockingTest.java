package io.windlass.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.common.util.concurrent.AbstractService;
import com.google.inject.Guice;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Scenario 43: the loop never blocks on a worker. */
class EngineNonBlockingTest {

  /** A worker whose stop blocks the stopping thread until released. */
  static final class BlockingStopper extends AbstractService {
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    protected void doStart() {
      notifyStarted();
    }

    @Override
    protected void doStop() {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      notifyStopped();
    }
  }

  @Test
  @DisplayName(
      "43. a worker that blocks in start or stop delays neither other restarts nor the report")
  void blockedStartAndStopDelayNothingElse() throws Exception {
    EngineHarness h = new EngineHarness();
    CountDownLatch startRelease = new CountDownLatch(1);
    CountDownLatch startEntered = new CountDownLatch(1);
    List<BlockingStopper> stoppers = new java.util.concurrent.CopyOnWriteArrayList<>();
    Manifold blockedStart =
        Manifold.builder("blocked-start")
            .start(
                resources -> {
                  startEntered.countDown();
                  // Ignores interrupts: only the test lets it go.
                  while (true) {
                    try {
                      startRelease.await();
                      return new TestWorker("blocked-start");
                    } catch (InterruptedException ignored) {
                      // keep blocking
                    }
                  }
                })
            .build();
    Manifold trigger = h.manifold("trigger").build();
    Manifold blockedStop =
        Manifold.builder("blocked-stop")
            .inputs("trigger")
            .start(
                resources -> {
                  resources.require("trigger");
                  BlockingStopper stopper = new BlockingStopper();
                  stoppers.add(stopper);
                  return stopper;
                })
            .build();
    Manifold busy = h.manifold("busy").build();
    h.engine =
        Engine.create(
            Guice.createInjector(),
            List.of(blockedStart, trigger, blockedStop, busy),
            h.config().clock(EngineClock.system()).build());
    h.engine.startAsync().awaitRunning();
    assertThat(startEntered.await(10, TimeUnit.SECONDS)).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                "started".equals(h.engine.report().manifold("blocked-stop").state())
                    && h.starts("busy") == 1);
    BlockingStopper stopper = stoppers.get(stoppers.size() - 1);

    // Bounce "blocked-stop" through its input: its stop now blocks a thread indefinitely.
    h.worker("trigger").fail(new BounceException("bounce"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> stopper.state() == com.google.common.util.concurrent.Service.State.STOPPING);

    // Meanwhile another manifold fails and is restarted on schedule...
    h.worker("busy").fail(new RuntimeException("busy failed"));
    await().atMost(Duration.ofSeconds(10)).until(() -> h.starts("busy") == 2);

    // ...and the report answers at once, showing both blocked manifolds.
    EngineReport report = assertTimeoutPreemptively(Duration.ofSeconds(5), h.engine::report);
    assertThat(report.manifold("blocked-start").state()).isEqualTo("starting");
    assertThat(report.manifold("blocked-stop").state()).isEqualTo("stopping");
    assertThat(report.manifold("busy").state()).isEqualTo("started");

    startRelease.countDown();
    stoppers.forEach(s -> s.release.countDown());
    h.engine.stopAsync().awaitTerminated(10, TimeUnit.SECONDS);
  }
}
