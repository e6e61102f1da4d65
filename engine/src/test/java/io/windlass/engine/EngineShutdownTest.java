package io.windlass.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.AbstractService;
import com.google.common.util.concurrent.Service;
import com.google.inject.Guice;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Scenarios 39–40: ordered shutdown and stuck workers. */
class EngineShutdownTest {
  private final EngineHarness h = new EngineHarness();
  private final List<String> stopRequests = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    h.close();
  }

  /** A worker that records when it is asked to stop, and stops only when told to. */
  final class SlowStopper extends AbstractService {
    final String name;

    SlowStopper(String name) {
      this.name = name;
    }

    @Override
    protected void doStart() {
      notifyStarted();
    }

    @Override
    protected void doStop() {
      stopRequests.add(name);
    }

    void finishStopping() {
      notifyStopped();
    }
  }

  private Manifold slowStopper(String name, String... inputs) {
    return Manifold.builder(name)
        .inputs(inputs)
        .start(
            h.recording(
                name,
                resources -> {
                  resources.inputs().forEach(resources::require);
                  return new SlowStopper(name);
                }))
        .build();
  }

  private SlowStopper worker(String name) {
    List<Service> list = h.workers.get(name);
    return (SlowStopper) list.get(list.size() - 1);
  }

  private void awaitStates(String... nameStatePairs) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              EngineReport report = h.engine.report();
              for (int i = 0; i < nameStatePairs.length; i += 2) {
                assertThat(report.manifold(nameStatePairs[i]).state())
                    .as(nameStatePairs[i])
                    .isEqualTo(nameStatePairs[i + 1]);
              }
            });
  }

  @Test
  @DisplayName("39. shutdown stops dependents before their inputs")
  void shutdownStopsDependentsBeforeInputs() throws Exception {
    // a <- b <- c, and a <- d: c before b, b and d before a.
    h.start(slowStopper("a"), slowStopper("b", "a"), slowStopper("c", "b"), slowStopper("d", "a"));
    h.runLong();
    assertThat(h.engine.report().manifolds().values()).allMatch(m -> m.state().equals("started"));

    h.engine.stopAsync();
    // One loop pass asks every eligible worker at once, so the report is exact here.
    awaitStates("c", "stopping", "d", "stopping", "b", "started", "a", "started");

    worker("c").finishStopping();
    awaitStates("c", "stopped", "b", "stopping", "d", "stopping", "a", "started");

    worker("b").finishStopping();
    awaitStates("b", "stopped", "d", "stopping", "a", "started");
    worker("d").finishStopping();
    awaitStates("d", "stopped", "a", "stopping");
    worker("a").finishStopping();
    h.engine.awaitTerminated(10, TimeUnit.SECONDS);
    assertThat(stopRequests).containsExactlyInAnyOrder("c", "d", "b", "a");
    assertThat(stopRequests.subList(0, 2)).containsExactlyInAnyOrder("c", "d");
    assertThat(stopRequests.get(3)).isEqualTo("a");
  }

  @Test
  @DisplayName(
      "40. a worker that ignores stop is abandoned after stopTimeout, reported stuck, and the engine terminates")
  void stuckWorkerIsAbandonedAndEngineTerminates() throws Exception {
    h.start(slowStopper("base"), slowStopper("stuck", "base"));
    h.runLong();

    h.engine.stopAsync();
    awaitStates("stuck", "stopping", "base", "started");

    // The stop timeout is 1 s of engine time; its timer is the only one pending.
    assertThat(h.clock.pendingDelays()).containsExactly(Duration.ofSeconds(1));
    h.clock.advance(Duration.ofSeconds(1));
    awaitStates("stuck", "stopped", "base", "stopping");
    assertThat(h.engine.report().manifold("stuck").error())
        .isEqualTo("manifold \"stuck\": worker did not stop within 1s; abandoned it");
    // Its input was stopped next, as if it had stopped.
    worker("base").finishStopping();
    h.engine.awaitTerminated(10, TimeUnit.SECONDS);
    assertThat(h.engine.report().state()).isEqualTo("stopped");
    assertThat(worker("stuck").state()).isEqualTo(Service.State.STOPPING);
    assertThat(stopRequests).containsExactly("stuck", "base");

    // The abandoned worker finishing late changes nothing.
    worker("stuck").finishStopping();
    assertThat(h.engine.report().manifold("stuck").error()).contains("abandoned");
  }

  @Test
  @DisplayName(
      "40. a stuck dependent bounced by its input is abandoned after stopTimeout and replaced")
  void stuckDependentIsReplacedAfterStopTimeout() {
    h.start(
        h.config().build(),
        Guice.createInjector(),
        h.manifold("input").build(),
        slowStopper("stuck", "input"));
    h.runLong();
    h.worker("input").fail(new RuntimeException("input failed"));
    awaitStates("stuck", "stopping");
    // The input's 25 ms restart delay and the dependent's 1 s stop timeout are pending.
    await().atMost(Duration.ofSeconds(10)).until(() -> h.clock.pendingDelays().size() == 2);
    h.clock.advance(Duration.ofMillis(25));
    awaitStates("input", "started", "stuck", "stopping");
    h.clock.advance(Duration.ofMillis(975));
    awaitStates("stuck", "starting");
    h.runLong();
    assertThat(h.engine.report().manifold("stuck").state()).isEqualTo("started");
    assertThat(h.starts("stuck")).isEqualTo(2);
    assertThat(h.workers.get("stuck").get(0).state()).isEqualTo(Service.State.STOPPING);
    ((SlowStopper) h.workers.get("stuck").get(0)).finishStopping();
    ((SlowStopper) h.workers.get("stuck").get(1)).finishStopping();
  }

  /**
   * Covers a bug where a stopTimeout beyond what {@code Duration.toNanos()} can hold (about 292
   * years, say "forever") made the system clock throw on the engine loop as soon as a worker was
   * asked to stop, so that a clean stop ended the engine FAILED.
   */
  @Test
  @DisplayName("40. an unbounded stopTimeout on the system clock still stops the engine cleanly")
  void unboundedStopTimeoutOnTheSystemClock() throws Exception {
    EngineConfig config =
        h.config()
            .clock(EngineClock.system())
            .stopTimeout(java.time.temporal.ChronoUnit.FOREVER.getDuration())
            .build();
    Engine engine = Engine.create(Guice.createInjector(), List.of(h.manifold("a").build()), config);
    engine.startAsync().awaitRunning();
    await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> h.starts("a") == 1 && h.worker("a").isRunning());
    engine.stopAsync();
    try {
      engine.awaitTerminated(Duration.ofSeconds(10));
    } catch (IllegalStateException failed) {
      throw new AssertionError("engine failed: " + engine.failureCause(), failed);
    }
    assertThat(h.worker("a").state()).isEqualTo(Service.State.TERMINATED);
  }
}
