package io.windlass.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.AbstractIdleService;
import com.google.common.util.concurrent.Service;
import com.google.common.util.concurrent.ServiceManager;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Injector;
import com.google.inject.name.Named;
import com.google.inject.name.Names;
import io.windlass.engine.testing.ManualEngineClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Scenario 42: the engine inside a host application's injector and ServiceManager. */
class EngineHostTest {
  static final List<String> events = new CopyOnWriteArrayList<>();

  /** A worker that uses both a host binding and its input's exposed value. */
  static final class Greeter extends AbstractIdleService {
    private final String greeting;

    @Inject
    Greeter(@Named("greeting") String greeting) {
      this.greeting = greeting;
    }

    String greeting() {
      return greeting;
    }

    @Override
    protected void startUp() {
      events.add("greeter up");
    }

    @Override
    protected void shutDown() {
      events.add("greeter down");
    }
  }

  static final class Printer extends AbstractIdleService {
    private final Greeter greeter;

    @Inject
    Printer(Greeter greeter) {
      this.greeter = greeter;
    }

    @Override
    protected void startUp() {
      events.add("printer up: " + greeter.greeting());
    }

    @Override
    protected void shutDown() {
      events.add("printer down");
    }
  }

  /** A service of the host's own, beside the engine. */
  static final class HostService extends AbstractIdleService {
    @Override
    protected void startUp() {
      events.add("host up");
    }

    @Override
    protected void shutDown() {
      events.add("host down");
    }
  }

  @Test
  @DisplayName(
      "42. the engine runs inside a host's ServiceManager and injector, and stops with the host")
  void engineRunsInsideHostAndStopsWithIt() throws Exception {
    Injector injector =
        Guice.createInjector(
            new EngineModule(
                EngineHarness.scenarioConfig(new ManualEngineClock())
                    .clock(EngineClock.system())
                    .build()),
            new AbstractModule() {
              @Override
              protected void configure() {
                bindConstant().annotatedWith(Names.named("greeting")).to("hello from the host");
              }
            },
            new ManifoldModule() {
              @Override
              protected void configureManifolds() {
                manifold("greeter").worker(Greeter.class).exposes(Greeter.class, g -> g);
                manifold("printer").worker(Printer.class);
              }
            });
    Engine engine = injector.getInstance(Engine.class);
    assertThat(injector.getInstance(ManifoldInstaller.class)).isSameAs(engine);
    ServiceManager host = new ServiceManager(List.of(engine, new HostService()));

    host.startAsync().awaitHealthy(Duration.ofSeconds(10));
    engine.awaitHealthy(Duration.ofSeconds(10));
    assertThat(engine.report().manifold("printer").inputs()).containsExactly("greeter");
    assertThat(events).contains("host up", "greeter up", "printer up: hello from the host");
    assertThat(engine.startupTimes()).containsOnlyKeys("greeter", "printer");

    host.stopAsync().awaitStopped(Duration.ofSeconds(10));
    assertThat(engine.state()).isEqualTo(Service.State.TERMINATED);
    assertThat(events.indexOf("printer down")).isLessThan(events.indexOf("greeter down"));
    assertThat(events).contains("host down");
    assertThat(host.servicesByState().keySet()).containsOnly(Service.State.TERMINATED);
  }

  /**
   * Covers a bug where the engine reported itself running (and stopped) on its loop thread, so that
   * a host's listener run with {@code directExecutor()} ran on the loop: installing a manifold once
   * the engine runs, as the engine's own messages advise, failed as a call from the loop.
   */
  @Test
  @DisplayName("42. a host listener may install a manifold when the engine reports running")
  void hostListenerInstallsWhenTheEngineRuns() throws Exception {
    EngineHarness h = new EngineHarness();
    try (h) {
      Engine engine = Engine.create(Guice.createInjector(), List.of(), h.config().build());
      h.engine = engine;
      java.util.concurrent.CompletableFuture<Void> installed =
          new java.util.concurrent.CompletableFuture<>();
      engine.addListener(
          new Service.Listener() {
            @Override
            public void running() {
              try {
                engine.install(h.manifold("late").build());
                installed.complete(null);
              } catch (RuntimeException e) {
                installed.completeExceptionally(e);
              }
            }
          },
          com.google.common.util.concurrent.MoreExecutors.directExecutor());
      engine.startAsync().awaitRunning();
      installed.get(10, java.util.concurrent.TimeUnit.SECONDS);
      h.runLong();
      assertThat(h.starts("late")).isEqualTo(1);
      assertThat(engine.report().manifold("late").state()).isEqualTo("started");
    }
  }
}
