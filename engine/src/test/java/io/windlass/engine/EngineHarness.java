package io.windlass.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.Service;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import io.windlass.engine.testing.ManualEngineClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Runs an engine on a manual clock with the scenario config (error delay 25 ms, bounce delay 5 ms,
 * no backoff, no fuzz) and records every start, so tests can say "starts once" exactly.
 *
 * <p>{@link #runFor(Duration)} lets time pass deterministically: it advances the clock from timer
 * to timer, waiting for the engine to go quiet after each, so "does not start" means nothing
 * happened in that much engine time.
 */
final class EngineHarness implements AutoCloseable {
  static final Duration SHORT = Duration.ofMillis(200);
  static final Duration QUIET_TIMEOUT = Duration.ofSeconds(10);

  final ManualEngineClock clock = new ManualEngineClock();
  final Map<String, List<Service>> workers = new ConcurrentHashMap<>();
  final Map<String, List<Integer>> startCalls = new ConcurrentHashMap<>();
  Engine engine;

  static EngineConfig.Builder scenarioConfig(ManualEngineClock clock) {
    return EngineConfig.builder()
        .clock(clock)
        .errorDelay(Duration.ofMillis(25))
        .bounceDelay(Duration.ofMillis(5))
        .backoffFactor(0)
        .fuzz(0)
        .stopTimeout(Duration.ofSeconds(1));
  }

  EngineConfig.Builder config() {
    return scenarioConfig(clock);
  }

  /** Builds and starts an engine over {@code manifolds} with the scenario config. */
  Engine start(Manifold... manifolds) {
    return start(config().build(), Guice.createInjector(), manifolds);
  }

  Engine start(EngineConfig config, Injector injector, Manifold... manifolds) {
    engine = Engine.create(injector, List.of(manifolds), config);
    engine.startAsync().awaitRunning();
    settle();
    return engine;
  }

  /**
   * Builds and starts an engine that may fail as soon as it runs (a fatal error from its first
   * start): does not wait for it to be running, which it may never be seen to be.
   */
  Engine startMayFail(EngineConfig config, Injector injector, Manifold... manifolds) {
    engine = Engine.create(injector, List.of(manifolds), config);
    engine.startAsync();
    return engine;
  }

  /**
   * Builds the engine the way an application does, from an {@link EngineModule} with the scenario
   * config and {@code modules} (typically {@link ManifoldModule}s), and starts it.
   *
   * @return the application injector, in which the engine is bound
   */
  Injector startInjected(Module... modules) {
    List<Module> all = new ArrayList<>();
    all.add(new EngineModule(config().build()));
    all.addAll(List.of(modules));
    Injector injector = Guice.createInjector(all);
    engine = injector.getInstance(Engine.class);
    engine.startAsync().awaitRunning();
    settle();
    return injector;
  }

  /**
   * A manifold whose start records the call, asks for each input in turn (failing on the first
   * missing one), and returns a {@link TestWorker}.
   */
  Manifold.Builder<TestWorker> manifold(String name, String... inputs) {
    return Manifold.builder(name).inputs(inputs).start(resources -> newWorker(name, resources));
  }

  TestWorker newWorker(String name, Resources resources) {
    startCalls.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(1);
    for (String input : resources.inputs()) {
      resources.require(input);
    }
    TestWorker worker = new TestWorker(name);
    workers.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(worker);
    return worker;
  }

  /** A start function that records the call and then does what {@code body} says. */
  <W extends Service> StartFunction<W> recording(String name, Function<Resources, W> body) {
    return resources -> {
      startCalls.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(1);
      W worker = body.apply(resources);
      workers.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(worker);
      return worker;
    };
  }

  /** How many workers of {@code name} were created (start calls that returned a worker). */
  int starts(String name) {
    return workers.getOrDefault(name, List.of()).size();
  }

  /** How many times {@code name}'s start was called, whatever it returned. */
  int startCalls(String name) {
    return startCalls.getOrDefault(name, List.of()).size();
  }

  /** The latest worker of {@code name}. */
  TestWorker worker(String name) {
    List<Service> list = workers.getOrDefault(name, List.of());
    assertThat(list).as("workers of %s", name).isNotEmpty();
    return (TestWorker) list.get(list.size() - 1);
  }

  List<Service> allWorkers() {
    List<Service> all = new ArrayList<>();
    workers.values().forEach(all::addAll);
    return Collections.unmodifiableList(all);
  }

  /** Waits until the engine has nothing in hand. */
  void settle() {
    try {
      assertThat(engine.awaitQuiescence(QUIET_TIMEOUT)).as("engine went quiet").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Lets {@code window} of engine time pass, firing timers in order and settling after each. */
  void runFor(Duration window) {
    long left = window.toNanos();
    settle();
    while (true) {
      Optional<Duration> next = clock.nextTimer();
      if (next.isEmpty() || next.get().toNanos() > left) {
        clock.advance(Duration.ofNanos(left));
        settle();
        return;
      }
      clock.advance(next.get());
      left -= next.get().toNanos();
      settle();
    }
  }

  /** Lets a generous time pass: enough for any start, bounce or error restart of the config. */
  void runLong() {
    runFor(Duration.ofSeconds(1));
  }

  /**
   * Waits for an engine that is ending on its own (a fatal error) to reach FAILED, and returns the
   * error it failed with. Its workers must stop without further engine time passing.
   */
  Throwable awaitFailed() {
    settle();
    try {
      engine.awaitTerminated(QUIET_TIMEOUT);
    } catch (IllegalStateException failed) {
      assertThat(engine.state()).isEqualTo(Service.State.FAILED);
      return engine.failureCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("engine did not end: " + engine.report(), e);
    }
    throw new AssertionError("engine terminated cleanly; expected it to fail");
  }

  /**
   * Waits for an engine that is ending on its own to reach TERMINATED. Its workers must stop
   * without further engine time passing.
   */
  void awaitTerminated() {
    settle();
    try {
      engine.awaitTerminated(QUIET_TIMEOUT);
    } catch (IllegalStateException failed) {
      throw new AssertionError("engine failed; expected it to terminate cleanly", failed);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("engine did not end: " + engine.report(), e);
    }
  }

  /** Stops the engine and waits for it to end, whatever state that leaves it in. */
  void stop() {
    if (engine != null && engine.state() != Service.State.NEW) {
      engine.stopAsync();
      // Stop timeouts are timers too: let engine time pass until it has ended.
      for (int i = 0; i < 100 && engine.isRunning(); i++) {
        runFor(Duration.ofSeconds(1));
      }
      try {
        engine.awaitTerminated(QUIET_TIMEOUT);
      } catch (IllegalStateException failed) {
        // Tests that expect a failure assert on it themselves.
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError("engine did not stop: " + engine.report(), e);
      }
    }
  }

  @Override
  public void close() {
    stop();
  }
}
