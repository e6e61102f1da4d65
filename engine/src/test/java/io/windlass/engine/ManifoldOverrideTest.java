package io.windlass.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.AbstractIdleService;
import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Injector;
import com.google.inject.util.Modules;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Replacing a manifold by name with {@code Modules.override}, the usual Guice test seam. */
class ManifoldOverrideTest {
  private final EngineHarness h = new EngineHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  interface Greeting {
    String text();
  }

  /** Injects the greeting of whichever manifold exposes it, and records it. */
  static final class Listener extends AbstractIdleService {
    static final List<String> HEARD = new CopyOnWriteArrayList<>();
    private final Greeting greeting;

    @Inject
    Listener(Greeting greeting) {
      this.greeting = greeting;
    }

    @Override
    protected void startUp() {
      HEARD.add(greeting.text());
    }

    @Override
    protected void shutDown() {}
  }

  /** The production module: a "sender" exposing a greeting, and a "listener" that injects it. */
  final class RealModule extends ManifoldModule {
    @Override
    protected void configureManifolds() {
      manifold("sender")
          .start(r -> h.newWorker("sender", r))
          .exposes(Greeting.class, w -> () -> "real");
      manifold("listener").worker(Listener.class);
    }
  }

  /** A test module replacing "sender" with a fake. */
  final class FakeSender extends ManifoldModule {
    @Override
    protected void configureManifolds() {
      manifold("sender")
          .start(r -> h.newWorker("fake-sender", r))
          .exposes(Greeting.class, w -> () -> "fake");
    }
  }

  /**
   * Covers a bug where {@code Modules.override} could not replace a manifold: the overridden and
   * the overriding declaration were both collected, and the engine reported the name as "declared
   * twice".
   */
  @Test
  void modulesOverrideReplacesAManifoldByName() {
    Listener.HEARD.clear();
    h.startInjected(Modules.override(new RealModule()).with(new FakeSender()));

    assertThat(names(h.engine)).containsExactlyInAnyOrder("sender", "listener");
    assertThat(h.startCalls("fake-sender")).isEqualTo(1);
    assertThat(h.startCalls("sender")).isZero();
    assertThat(h.worker("fake-sender").isRunning()).isTrue();
    // The dependent is wired to the replacement through the key it injects.
    assertThat(h.engine.graph().node("listener").orElseThrow().inputs()).containsExactly("sender");
    h.runFor(Duration.ofSeconds(1));
    assertThat(Listener.HEARD).containsExactly("fake");
  }

  @Test
  void overridingLeavesTheOtherManifoldsOfTheBaseModuleInPlace() {
    Listener.HEARD.clear();
    h.startInjected(Modules.override(new RealModule()).with(new AbstractModule() {}));

    assertThat(h.startCalls("sender")).isEqualTo(1);
    h.runFor(Duration.ofSeconds(1));
    assertThat(Listener.HEARD).containsExactly("real");
  }

  @Test
  void withoutOverrideANameDeclaredInTwoModulesIsStillAnError() {
    assertThatThrownBy(
            () ->
                Guice.createInjector(
                    new EngineModule(h.config().build()), new RealModule(), new FakeSender()))
        .isInstanceOf(CreationException.class)
        .hasMessageContaining("manifold \"sender\" is declared twice");
  }

  @Test
  void anOverridingModuleThatDeclaresANameTwiceIsAnError() {
    ManifoldModule twice =
        new ManifoldModule() {
          @Override
          protected void configureManifolds() {
            manifold("sender").start(r -> h.newWorker("one", r));
            manifold("sender").start(r -> h.newWorker("two", r));
          }
        };
    assertThatThrownBy(
            () ->
                Guice.createInjector(
                    new EngineModule(h.config().build()),
                    Modules.override(new RealModule()).with(twice)))
        .isInstanceOf(CreationException.class)
        .hasMessageContaining("manifold \"sender\" is declared twice");
  }

  @Test
  void anOverrideMayAlsoAddManifolds() {
    ManifoldModule extra =
        new ManifoldModule() {
          @Override
          protected void configureManifolds() {
            manifold("extra").start(r -> h.newWorker("extra", r));
          }
        };
    Injector injector =
        h.startInjected(Modules.override(new RealModule()).with(new FakeSender(), extra));

    assertThat(names(injector.getInstance(Engine.class)))
        .containsExactlyInAnyOrder("sender", "listener", "extra");
    assertThat(h.startCalls("extra")).isEqualTo(1);
    assertThat(h.startCalls("fake-sender")).isEqualTo(1);
  }

  private static List<String> names(Engine engine) {
    return engine.graph().nodes().stream().map(ManifoldGraph.Node::name).toList();
  }

  /** Holds the engine, injected into an instance binding as an application might. */
  static final class EngineHolder {
    @Inject Engine engine;
  }

  /**
   * The limit of the override seam: an engine built while Guice is still injecting instance
   * bindings (here because one injects the engine) cannot yet tell an overridden declaration from a
   * duplicate, and reports the name as declared twice rather than guess.
   */
  @Test
  void anEngineBuiltDuringInstanceInjectionReportsAnOverrideAsDeclaredTwice() {
    EngineHolder holder = new EngineHolder();
    assertThatThrownBy(
            () ->
                Guice.createInjector(
                    new AbstractModule() {
                      @Override
                      protected void configure() {
                        bind(EngineHolder.class).toInstance(holder);
                      }
                    },
                    new EngineModule(h.config().build()),
                    Modules.override(new RealModule()).with(new FakeSender())))
        .isInstanceOf(CreationException.class)
        .hasMessageContaining("manifold \"sender\" is declared twice");
  }

  /** The Guice 7 behaviour that {@link ManifoldClaim} relies on. */
  static final class Claimed {
    boolean injected;

    @Inject
    void inject() {
      injected = true;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Claimed;
    }

    @Override
    public int hashCode() {
      return 1;
    }
  }

  @Test
  void guiceInjectsBothOfTwoEqualBindingsButNotAnOverriddenOne() {
    Claimed first = new Claimed();
    Claimed second = new Claimed();
    Guice.createInjector(bindClaimed(first), bindClaimed(second));
    assertThat(first.injected).isTrue();
    assertThat(second.injected).isTrue();

    Claimed base = new Claimed();
    Claimed override = new Claimed();
    Guice.createInjector(Modules.override(bindClaimed(base)).with(bindClaimed(override)));
    assertThat(base.injected).isFalse();
    assertThat(override.injected).isTrue();
  }

  private static AbstractModule bindClaimed(Claimed claimed) {
    return new AbstractModule() {
      @Override
      protected void configure() {
        bind(Claimed.class).toInstance(claimed);
      }
    };
  }
}
