package io.windlass.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Scenarios 16–24: restarts and bounces. */
class EngineRestartTest {
  private final EngineHarness h = new EngineHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  /** Starts {@code names} as a chain, each depending on the one before, and lets them settle. */
  private void startChain(String... names) {
    Manifold[] manifolds = new Manifold[names.length];
    for (int i = 0; i < names.length; i++) {
      manifolds[i] =
          i == 0 ? h.manifold(names[i]).build() : h.manifold(names[i], names[i - 1]).build();
    }
    h.start(manifolds);
    h.runLong();
    for (String name : names) {
      assertThat(h.worker(name).isRunning()).as("%s running", name).isTrue();
    }
    resetBaseline();
  }

  @Test
  @DisplayName("16. an error in an input restarts the input and its dependent, once each")
  void inputErrorRestartsInputAndDependentOnce() {
    startChain("a", "b");
    TestWorker a = h.worker("a");
    a.fail(new RuntimeException("a failed"));
    h.runLong();
    assertThat(restarts("a")).isEqualTo(1);
    assertThat(restarts("b")).isEqualTo(1);
  }

  @Test
  @DisplayName("17. an error in a dependent restarts only the dependent")
  void dependentErrorRestartsOnlyDependent() {
    startChain("a", "b");
    h.worker("b").fail(new RuntimeException("b failed"));
    h.runLong();
    assertThat(restarts("a")).isZero();
    assertThat(restarts("b")).isEqualTo(1);
  }

  @Test
  @DisplayName("18. a worker that completes is not restarted")
  void completedWorkerIsNotRestarted() {
    startChain("a");
    h.worker("a").complete();
    h.runLong();
    assertThat(restarts("a")).isZero();
    assertThat(h.engine.report().manifold("a").state()).isEqualTo("stopped");
    assertThat(h.engine.report().manifold("a").error()).isNull();
  }

  @Test
  @DisplayName("19. a completed dependent is started again when its input bounces")
  void completedDependentRestartsWhenInputBounces() {
    startChain("a", "b");
    h.worker("b").complete();
    h.runLong();
    assertThat(restarts("b")).isZero();
    h.worker("a").fail(new BounceException("a bounces"));
    h.runLong();
    assertThat(restarts("a")).isEqualTo(1);
    assertThat(restarts("b")).isEqualTo(1);
    assertThat(h.worker("b").isRunning()).isTrue();
  }

  @Test
  @DisplayName("20. in a chain A -> B -> C, an error in A restarts all three exactly once")
  void chainErrorRestartsEachOnce() {
    startChain("a", "b", "c");
    h.worker("a").fail(new RuntimeException("a failed"));
    h.runLong();
    assertThat(restarts("a")).isEqualTo(1);
    assertThat(restarts("b")).isEqualTo(1);
    assertThat(restarts("c")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "21. an always-missing dependent restarts once or twice when its input fails, and once when it then completes")
  void alwaysMissingDependentRestartsBoundedly() {
    AtomicInteger calls = new AtomicInteger();
    h.start(
        h.manifold("a").build(),
        Manifold.builder("b")
            .inputs("a")
            .start(
                resources -> {
                  calls.incrementAndGet();
                  throw new MissingInputException("b never has what it needs");
                })
            .build());
    h.runLong();
    int settled = calls.get();
    assertThat(settled).isBetween(1, 2);

    h.worker("a").fail(new RuntimeException("a failed"));
    h.runLong();
    assertThat(calls.get() - settled).isBetween(1, 2);

    int beforeCompletion = calls.get();
    int aStarts = restarts("a");
    h.worker("a").complete();
    h.runLong();
    assertThat(restarts("a")).isEqualTo(aStarts);
    assertThat(calls.get() - beforeCompletion).isEqualTo(1);
  }

  @Test
  @DisplayName("22. a bounce signal from an input restarts it once and its dependent at least once")
  void bounceSignalRestartsInputOnceAndDependent() {
    startChain("a", "b");
    h.worker("a").fail(new BounceException("please restart"));
    h.runLong();
    assertThat(restarts("a")).isEqualTo(1);
    assertThat(restarts("b")).isGreaterThanOrEqualTo(1);
    assertThat(h.worker("b").isRunning()).isTrue();
  }

  @Test
  @DisplayName(
      "23. an uninstall signal removes the input for good and restarts its dependent once; reinstalling restarts it again")
  void uninstallSignalRemovesInputAndBouncesDependent() {
    AtomicInteger dependentCalls = new AtomicInteger();
    h.start(
        h.manifold("a").build(),
        Manifold.builder("b")
            .inputs("a")
            .start(
                resources -> {
                  dependentCalls.incrementAndGet();
                  return h.newWorker("b", resources);
                })
            .build());
    h.runLong();
    assertThat(h.worker("b").isRunning()).isTrue();
    int calls = dependentCalls.get();
    resetBaseline();

    h.worker("a").fail(new UninstallException("a is done"));
    h.runLong();
    assertThat(restarts("a")).isZero();
    assertThat(h.engine.report().manifolds()).doesNotContainKey("a");
    assertThat(dependentCalls.get() - calls).isEqualTo(1);
    assertThat(h.engine.report().manifold("b").error()).contains("\"a\" is not running");

    h.engine.install(h.manifold("a").build());
    h.runLong();
    assertThat(restarts("a")).isEqualTo(1);
    assertThat(dependentCalls.get() - calls).isEqualTo(2);
    assertThat(h.worker("b").isRunning()).isTrue();
  }

  @Test
  @DisplayName("24. a failed start does not bounce dependents")
  void failedStartDoesNotBounceDependents() {
    AtomicInteger inputCalls = new AtomicInteger();
    AtomicInteger dependentCalls = new AtomicInteger();
    h.start(
        Manifold.builder("a")
            .start(
                resources -> {
                  inputCalls.incrementAndGet();
                  throw new IllegalStateException("a cannot start");
                })
            .build(),
        Manifold.builder("b")
            .inputs("a")
            .start(
                resources -> {
                  dependentCalls.incrementAndGet();
                  return h.newWorker("b", resources);
                })
            .build());
    h.runFor(java.time.Duration.ofSeconds(2));
    // 2 s of 25 ms error delays: the input's start failed dozens of times...
    assertThat(inputCalls.get()).isGreaterThan(40);
    // ...and the dependent was only ever started by its own install.
    assertThat(dependentCalls.get()).isEqualTo(1);
    assertThat(h.engine.report().manifold("a").error()).isEqualTo("a cannot start");
  }

  /** How many workers of {@code name} were created since startChain (or the last reset). */
  private int restarts(String name) {
    return h.starts(name) - baseline.getOrDefault(name, 0);
  }

  private void resetBaseline() {
    h.workers.forEach((name, list) -> baseline.put(name, list.size()));
  }

  private final java.util.Map<String, Integer> baseline = new java.util.HashMap<>();
}
