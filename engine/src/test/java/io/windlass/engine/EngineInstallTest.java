package io.windlass.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.common.util.concurrent.Service;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.name.Names;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Scenarios 1–12: install and inputs. */
class EngineInstallTest {
  private final EngineHarness h = new EngineHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  @DisplayName("1. installing three independent manifolds starts each exactly once")
  void threeIndependentManifoldsStartOnceEach() {
    h.start(h.manifold("a").build(), h.manifold("b").build(), h.manifold("c").build());
    h.runLong();
    assertThat(List.of(h.starts("a"), h.starts("b"), h.starts("c"))).containsExactly(1, 1, 1);
    assertThat(h.allWorkers()).allMatch(Service::isRunning);
  }

  @Test
  @DisplayName("2. installing a further independent manifold at runtime starts only that one")
  void runtimeInstallStartsOnlyTheNewManifold() {
    h.start(h.manifold("a").build(), h.manifold("b").build());
    h.runLong();
    h.engine.install(h.manifold("c").build());
    h.runLong();
    assertThat(List.of(h.starts("a"), h.starts("b"), h.starts("c"))).containsExactly(1, 1, 1);
  }

  @Test
  @DisplayName(
      "3. a manifold whose input is not installed waits; installing the input starts both once")
  void missingInputDefersStartUntilInputIsInstalled() {
    h.start();
    h.engine.install(h.manifold("b", "a").build());
    h.runLong();
    assertThat(h.starts("b")).isZero();
    assertThat(h.engine.report().manifold("b").state()).isEqualTo("stopped");

    h.engine.install(h.manifold("a").build());
    h.runLong();
    assertThat(h.starts("a")).isEqualTo(1);
    assertThat(h.starts("b")).isEqualTo(1);
    assertThat(h.worker("b").isRunning()).isTrue();
  }

  @Test
  @DisplayName("4. installing a duplicate name fails naming it; nothing restarts")
  void duplicateInstallFailsAndRestartsNothing() {
    h.start(h.manifold("a").build(), h.manifold("b", "a").build());
    h.runLong();
    assertThatThrownBy(() -> h.engine.install(h.manifold("a").build()))
        .isInstanceOf(ManifoldConfigurationException.class)
        .hasMessageContaining("manifold \"a\" is already installed");
    h.runLong();
    assertThat(h.starts("a")).isEqualTo(1);
    assertThat(h.starts("b")).isEqualTo(1);
  }

  @Test
  @DisplayName("5. an install that would close a cycle fails naming the cycle; it never starts")
  void installClosingACycleFails() {
    h.start();
    h.engine.install(h.manifold("a", "c").build());
    h.engine.install(h.manifold("b", "a").build());
    h.runLong();
    assertThatThrownBy(() -> h.engine.install(h.manifold("c", "b").build()))
        .isInstanceOf(ManifoldConfigurationException.class)
        .hasMessageContaining("dependency cycle: a -> c -> b -> a");
    h.runLong();
    assertThat(h.startCalls("c")).isZero();
    assertThat(h.engine.report().manifolds()).doesNotContainKey("c");
  }

  @Test
  @DisplayName("6. install after the engine has stopped fails: engine is shutting down")
  void installAfterStopFails() {
    h.start(h.manifold("a").build());
    h.stop();
    assertThatThrownBy(() -> h.engine.install(h.manifold("b").build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("engine is shutting down");
  }

  @Test
  @DisplayName(
      "7. validation passes an empty set and a tangled acyclic graph; a -> a and a back-edge fail")
  void graphValidation() {
    Injector injector = Guice.createInjector();
    EngineConfig config = h.config().build();
    assertThat(Engine.create(injector, List.of(), config)).isNotNull();
    // A diamond of diamonds: every node depends on all earlier ones.
    List<Manifold> tangled =
        List.of(
            h.manifold("a").build(),
            h.manifold("b", "a").build(),
            h.manifold("c", "a", "b").build(),
            h.manifold("d", "b", "c").build(),
            h.manifold("e", "a", "c", "d").build(),
            h.manifold("f", "e", "b").build());
    assertThat(Engine.create(injector, tangled, config)).isNotNull();

    assertThatThrownBy(() -> Engine.create(injector, List.of(h.manifold("a", "a").build()), config))
        .isInstanceOf(ManifoldConfigurationException.class)
        .hasMessageContaining("dependency cycle: a -> a");

    List<Manifold> backEdge =
        List.of(
            h.manifold("a", "f").build(),
            h.manifold("b", "a").build(),
            h.manifold("c", "a", "b").build(),
            h.manifold("d", "b", "c").build(),
            h.manifold("e", "a", "c", "d").build(),
            h.manifold("f", "e", "b").build());
    assertThatThrownBy(() -> Engine.create(injector, backEdge, config))
        .isInstanceOf(ManifoldConfigurationException.class)
        .hasMessageContaining("dependency cycle: a -> f -> e -> a");
  }

  @Test
  @DisplayName("8. asking for a declared, running input succeeds (existence check)")
  void requireOfRunningDeclaredInputSucceeds() {
    AtomicReference<Throwable> seen = new AtomicReference<>();
    h.start(h.manifold("a").build());
    h.engine.install(
        Manifold.builder("b")
            .inputs("a")
            .start(
                h.recording(
                    "b",
                    r -> {
                      try {
                        r.require("a");
                      } catch (RuntimeException e) {
                        seen.set(e);
                      }
                      return new TestWorker("b");
                    }))
            .build());
    h.runLong();
    assertThat(seen.get()).isNull();
    assertThat(h.engine.report().manifold("b").state()).isEqualTo("started");
  }

  @Test
  @DisplayName(
      "9. asking for a running manifold that is not a declared input fails as missing, 'not declared'")
  void undeclaredInputIsMissing() {
    AtomicReference<Throwable> seen = new AtomicReference<>();
    h.start(h.manifold("a").build());
    h.runLong();
    h.engine.install(
        Manifold.builder("b")
            .start(
                h.recording(
                    "b",
                    r -> {
                      try {
                        r.require("a");
                      } catch (RuntimeException e) {
                        seen.set(e);
                        throw e;
                      }
                      return new TestWorker("b");
                    }))
            .build());
    h.runLong();
    assertThat(seen.get())
        .isInstanceOf(MissingInputException.class)
        .hasMessageContaining("\"a\"")
        .hasMessageContaining("not declared");
    assertThat(h.engine.report().manifold("b").error()).contains("not declared");
    assertThat(h.startCalls("b")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "10. an input's output function gets the requested type; result or error is passed on unchanged")
  void outputFunctionResultAndErrorPassThrough() {
    IllegalStateException outputError = new IllegalStateException("no integer today");
    AtomicReference<Object> value = new AtomicReference<>();
    AtomicReference<Throwable> error = new AtomicReference<>();
    h.start(
        Manifold.builder("a")
            .start(h.recording("a", r -> new TestWorker("a")))
            .exposes(String.class, w -> "value from " + w.name)
            .exposes(
                Integer.class,
                w -> {
                  throw outputError;
                })
            .build());
    h.engine.install(
        Manifold.builder("b")
            .inputs("a")
            .start(
                h.recording(
                    "b",
                    r -> {
                      value.set(r.get("a", String.class));
                      try {
                        r.get("a", Integer.class);
                      } catch (RuntimeException e) {
                        error.set(e);
                      }
                      return new TestWorker("b");
                    }))
            .build());
    h.runLong();
    assertThat(value.get()).isEqualTo("value from a");
    assertThat(error.get()).isSameAs(outputError);
  }

  interface Greeting {
    String text();
  }

  static final class Greeter extends TestWorker {
    static final List<Greeter> instances = new java.util.concurrent.CopyOnWriteArrayList<>();

    Greeter() {
      super("greeter");
      instances.add(this);
    }

    Greeting greeting() {
      return () -> "hello";
    }
  }

  static final class Listener extends TestWorker {
    static final AtomicReference<String> heard = new AtomicReference<>();

    @Inject
    Listener(Greeting greeting) {
      super("listener");
      heard.set(greeting.text());
    }
  }

  @Test
  @DisplayName("11. inputs are inferred from the worker's injection points")
  void inputsInferredFromInjectionPoints() {
    Manifold greeter =
        Manifold.builder("greeter")
            .worker(Greeter.class)
            .exposes(Greeting.class, Greeter::greeting)
            .build();
    Manifold listener = Manifold.builder("listener").worker(Listener.class).build();
    h.start(h.config().build(), Guice.createInjector(), greeter, listener);
    h.runLong();
    assertThat(h.engine.report().manifold("listener").inputs()).containsExactly("greeter");
    assertThat(h.engine.report().manifold("listener").state()).isEqualTo("started");
    assertThat(Listener.heard.get()).isEqualTo("hello");
  }

  static final class Snoop extends TestWorker {
    static final AtomicReference<Injector> seen = new AtomicReference<>();

    @Inject
    Snoop(Injector injector, Greeting greeting) {
      super("snoop");
      seen.set(injector);
    }
  }

  @Test
  @DisplayName("12. per start a fresh child injector binds exactly the inputs' exposed values")
  void childInjectorBindsExactlyTheInputsOutputs() {
    Injector app =
        Guice.createInjector(
            new AbstractModule() {
              @Override
              protected void configure() {
                bindConstant().annotatedWith(Names.named("app")).to("application value");
              }
            });
    Manifold greeter =
        Manifold.builder("greeter")
            .worker(Greeter.class)
            .exposes(Greeting.class, Greeter::greeting)
            .build();
    Manifold other =
        Manifold.builder("other")
            .start(h.recording("other", r -> new TestWorker("other")))
            .exposes(Key.get(String.class, Names.named("other")), w -> "secret")
            .build();
    Manifold snoop = Manifold.builder("snoop").worker(Snoop.class).build();
    h.start(h.config().build(), app, greeter, other, snoop);
    h.runLong();
    Injector first = Snoop.seen.get();
    assertThat(first.getParent()).isSameAs(app);
    assertThat(first.getExistingBinding(Key.get(Greeting.class))).isNotNull();
    assertThat(first.getExistingBinding(Key.get(String.class, Names.named("other")))).isNull();
    assertThat(first.getInstance(Key.get(String.class, Names.named("app"))))
        .isEqualTo("application value");

    // Bouncing the input restarts the worker with a new child injector.
    Greeter.instances.get(Greeter.instances.size() - 1).fail(new RuntimeException("x"));
    h.runLong();
    assertThat(Snoop.seen.get()).isNotSameAs(first);
  }

  /** A worker that exposes itself, and that Guice can also construct just in time. */
  static final class SelfExposing extends TestWorker {
    @Inject
    SelfExposing() {
      super("self");
    }
  }

  static final class UsesSelfExposing extends TestWorker {
    @Inject
    UsesSelfExposing(SelfExposing input) {
      super("user");
    }
  }

  /**
   * Covers a bug where starting a manifold whose worker class is also its exposed key made Guice
   * bind that class just in time in the application injector, so that every dependent's child
   * injector, binding the same key, failed to be created.
   */
  @Test
  @DisplayName(
      "12. an exposed key stays reserved: a worker exposing its own class serves dependents installed later")
  void exposedKeysAreNeverBoundJustInTimeInTheApplicationInjector() {
    Injector app = Guice.createInjector();
    h.start(
        h.config().build(),
        app,
        Manifold.builder("self")
            .worker(SelfExposing.class)
            .exposes(SelfExposing.class, w -> w)
            .build());
    h.runLong();
    assertThat(h.engine.report().manifold("self").state()).isEqualTo("started");

    h.engine.install(Manifold.builder("user").worker(UsesSelfExposing.class).build());
    h.runLong();
    assertThat(h.engine.report().manifold("user").inputs()).containsExactly("self");
    assertThat(h.engine.report().manifold("user").state()).isEqualTo("started");
    assertThat(app.getExistingBinding(Key.get(SelfExposing.class))).isNull();
  }

  static final class LazyListener extends TestWorker {
    final com.google.inject.Provider<Greeting> greeting;

    @Inject
    LazyListener(com.google.inject.Provider<Greeting> greeting) {
      super("lazy");
      this.greeting = greeting;
    }
  }

  @Test
  @DisplayName(
      "11. a worker that injects an input directly waits for it; one that injects a provider starts without it")
  void directInjectionWaitsForInputButProviderDoesNot() {
    h.start();
    // The greeter waits for a gate that is not installed yet.
    h.engine.install(
        Manifold.builder("greeter")
            .inputs("gate")
            .worker(Greeter.class)
            .exposes(Greeting.class, Greeter::greeting)
            .build());
    h.engine.install(Manifold.builder("listener").worker(Listener.class).build());
    h.engine.install(Manifold.builder("lazy").worker(LazyListener.class).build());
    h.runLong();
    assertThat(h.engine.report().manifold("greeter").error())
        .isEqualTo("manifold \"greeter\": input \"gate\" is not running");
    assertThat(h.engine.report().manifold("listener").state()).isEqualTo("stopped");
    assertThat(h.engine.report().manifold("listener").error())
        .isEqualTo("manifold \"listener\": input \"greeter\" is not running");
    assertThat(h.engine.report().manifold("lazy").state()).isEqualTo("started");
    assertThat(h.engine.report().manifold("lazy").inputs()).containsExactly("greeter");

    h.engine.install(h.manifold("gate").build());
    h.runLong();
    assertThat(h.engine.report().manifold("listener").state()).isEqualTo("started");
    assertThat(h.engine.report().manifold("lazy").startCount()).isEqualTo(2);
  }

  /** Runs with or without a greeting: it injects one optionally. */
  static final class OptionalListener extends TestWorker {
    static final List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Inject
    OptionalListener() {
      super("optional");
    }

    @Inject(optional = true)
    void greet(Greeting greeting) {
      heard.add(greeting.text());
    }
  }

  /**
   * Covers a bug where a worker that injects an input's exposed key only optionally was bound just
   * in time in the application injector, where the key is never bound: Guice skipped the optional
   * injection there, and every later start reused that binding, so the worker never received the
   * input even while it ran.
   */
  @Test
  @DisplayName("12. an optionally injected exposed key is injected once its input runs")
  void optionallyInjectedExposedKeyIsInjected() {
    Injector app = Guice.createInjector();
    Manifold greeter =
        Manifold.builder("greeter")
            .worker(Greeter.class)
            .exposes(Greeting.class, Greeter::greeting)
            .build();
    Manifold optional = Manifold.builder("optional").worker(OptionalListener.class).build();
    h.start(h.config().build(), app, greeter, optional);
    h.runLong();
    assertThat(h.engine.report().manifold("optional").inputs()).containsExactly("greeter");
    assertThat(h.engine.report().manifold("optional").state()).isEqualTo("started");
    assertThat(OptionalListener.heard).isNotEmpty().allMatch("hello"::equals);
    assertThat(app.getExistingBinding(Key.get(OptionalListener.class))).isNull();
  }

  /**
   * Covers a bug where installing, at run time, a worker that injects a key no installed manifold
   * exposes yet failed with "no binding for Greeting", though an install's inputs need not be
   * installed yet: a start function would have waited for its input.
   */
  @Test
  @DisplayName(
      "3. a runtime install whose worker injects a key nothing exposes yet waits; installing the exposer starts it")
  void runtimeInstallWaitsForAnInjectedKeyNotYetExposed() {
    h.start();
    h.engine.install(Manifold.builder("listener").worker(Listener.class).build());
    h.runLong();
    assertThat(h.engine.report().manifold("listener").state()).isEqualTo("stopped");
    assertThat(h.engine.report().manifold("listener").inputs()).isEmpty();
    assertThat(h.engine.report().manifold("listener").error())
        .isEqualTo(
            "manifold \"listener\": no installed manifold exposes"
                + " [io.windlass.engine.EngineInstallTest$Greeting], which its worker injects");

    h.engine.install(
        Manifold.builder("greeter")
            .worker(Greeter.class)
            .exposes(Greeting.class, Greeter::greeting)
            .build());
    h.runLong();
    assertThat(h.engine.report().manifold("listener").inputs()).containsExactly("greeter");
    assertThat(h.engine.report().manifold("listener").state()).isEqualTo("started");
    assertThat(h.engine.report().manifold("listener").startCount()).isEqualTo(1);
    assertThat(Listener.heard.get()).isEqualTo("hello");
  }

  interface Reply {}

  /** Injects a key nothing exposes when it is installed, and exposes {@link Reply}. */
  static final class Asker extends TestWorker {
    @Inject
    Asker(Greeting greeting) {
      super("asker");
    }
  }

  static final class Replier extends TestWorker {
    @Inject
    Replier(Reply reply) {
      super("replier");
    }

    Greeting greeting() {
      return () -> "hi";
    }
  }

  @Test
  @DisplayName(
      "5. an install that exposes a key a waiting manifold injects, closing a cycle, fails; nothing starts")
  void exposingAnAwaitedKeyThatClosesACycleFails() {
    h.start();
    h.engine.install(
        Manifold.builder("asker")
            .worker(Asker.class)
            .exposes(Reply.class, w -> new Reply() {})
            .build());
    assertThatThrownBy(
            () ->
                h.engine.install(
                    Manifold.builder("replier")
                        .worker(Replier.class)
                        .exposes(Greeting.class, Replier::greeting)
                        .build()))
        .isInstanceOf(ManifoldConfigurationException.class)
        .hasMessageContaining("dependency cycle: asker -> replier -> asker");
    h.runLong();
    assertThat(h.engine.report().manifolds()).containsOnlyKeys("asker");
    assertThat(h.engine.report().manifold("asker").inputs()).isEmpty();
    assertThat(h.engine.report().manifold("asker").state()).isEqualTo("stopped");
  }

  @Test
  @DisplayName(
      "a group install validates its manifolds together: one mistake installs none, every problem reported once")
  void groupInstallIsAllOrNone() {
    h.start(h.manifold("a").build());
    h.runLong();
    ManifoldConfigurationException problems =
        catchThrowableOfType(
            () ->
                h.engine.install(
                    List.of(
                        h.manifold("fine", "a").build(),
                        h.manifold("a").build(),
                        h.manifold("ping", "pong").build(),
                        h.manifold("pong", "ping").build())),
            ManifoldConfigurationException.class);
    assertThat(problems.problems())
        .containsExactly(
            "manifold \"a\" is already installed", "dependency cycle: ping -> pong -> ping");
    assertThat(problems)
        .hasMessage(
            "Manifold configuration errors:\n\n"
                + "1) manifold \"a\" is already installed\n\n"
                + "2) dependency cycle: ping -> pong -> ping\n\n"
                + "2 errors");
    h.runLong();
    assertThat(h.engine.report().manifolds()).containsOnlyKeys("a");
    assertThat(h.startCalls("fine")).isZero();
    assertThat(h.starts("a")).isEqualTo(1);
  }

  @Test
  @DisplayName("a group install starts each of its manifolds once, inputs within the group first")
  void groupInstallStartsEachOnce() {
    h.start(h.manifold("a").build());
    h.runLong();
    h.engine.install(List.of(h.manifold("c", "b", "a").build(), h.manifold("b", "a").build()));
    h.runLong();
    assertThat(List.of(h.starts("a"), h.starts("b"), h.starts("c"))).containsExactly(1, 1, 1);
    assertThat(h.engine.report().manifold("c").inputs()).containsExactly("a", "b");
    assertThat(h.engine.report().manifold("c").state()).isEqualTo("started");
  }
}
