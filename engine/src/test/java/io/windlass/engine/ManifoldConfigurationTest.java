package io.windlass.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.AbstractIdleService;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Provider;
import com.google.inject.TypeLiteral;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Scenario 41 and the rest of validation: every problem of a module set, at once. */
class ManifoldConfigurationTest {

  private static String golden(String name) throws IOException {
    try (InputStream in = ManifoldConfigurationTest.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) {
        throw new AssertionError("no golden file " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).stripTrailing();
    }
  }

  private static Set<Manifold> manifoldsOf(Injector injector) {
    return injector.getInstance(Key.get(new TypeLiteral<Set<Manifold>>() {}));
  }

  @Test
  @DisplayName(
      "41. every graph problem of a module set is reported together, numbered, before anything starts")
  void everyProblemReportedAtOnce() throws IOException {
    Injector app =
        Guice.createInjector(
            new BadManifoldModules.ApplicationBindings(),
            new BadManifoldModules.First(),
            new BadManifoldModules.Second());
    assertThatThrownBy(() -> Engine.create(app, manifoldsOf(app), EngineConfig.defaults()))
        .isInstanceOf(ManifoldConfigurationException.class)
        .hasMessage(golden("configuration-errors.txt"));
  }

  @Test
  @DisplayName("41. with EngineModule the same problems fail injector creation")
  void engineModuleFailsInjectorCreation() throws IOException {
    String expected = golden("configuration-errors.txt");
    assertThatThrownBy(
            () ->
                Guice.createInjector(
                    new EngineModule(),
                    new BadManifoldModules.ApplicationBindings(),
                    new BadManifoldModules.First(),
                    new BadManifoldModules.Second()))
        .isInstanceOf(CreationException.class)
        .hasMessageContaining("ManifoldConfigurationException")
        .satisfies(
            e ->
                assertThat(((CreationException) e).getErrorMessages().iterator().next().getCause())
                    .isInstanceOf(ManifoldConfigurationException.class)
                    .hasMessage(expected));
  }

  /**
   * Covers a bug where an invalid module set failed injector creation with the numbered problem
   * list three times: the engine was validated once for each binding that leads to it ({@code
   * Engine}, {@code ManifoldInstaller}, {@code EngineReporter}).
   */
  @Test
  @DisplayName("41. with EngineModule the problem list is reported once")
  void engineModuleReportsTheProblemListOnce() throws IOException {
    String expected = golden("configuration-errors.txt");
    assertThatThrownBy(
            () ->
                Guice.createInjector(
                    new EngineModule(),
                    new BadManifoldModules.ApplicationBindings(),
                    new BadManifoldModules.First(),
                    new BadManifoldModules.Second()))
        .isInstanceOf(CreationException.class)
        .satisfies(
            e -> {
              CreationException creation = (CreationException) e;
              assertThat(creation.getErrorMessages()).hasSize(1);
              assertThat(creation.getErrorMessages().iterator().next().getCause())
                  .hasMessage(expected);
              String message = creation.getMessage();
              assertThat(message).contains("Manifold configuration errors:");
              assertThat(message.indexOf("Manifold configuration errors:"))
                  .isEqualTo(message.lastIndexOf("Manifold configuration errors:"));
            });
  }

  @Test
  @DisplayName("a declaration mistake is a Guice error at the declaring line")
  void declarationMistakesAreGuiceErrors() {
    assertThatThrownBy(
            () ->
                Guice.createInjector(
                    new ManifoldModule() {
                      @Override
                      protected void configureManifolds() {
                        manifold("no worker");
                        manifold("missing-worker");
                      }
                    }))
        .isInstanceOf(CreationException.class)
        .hasMessageContaining(
            "manifold name \"no worker\" must start with a letter or digit and contain only"
                + " letters, digits, '.', '_' and '-'")
        .hasMessageContaining("manifold \"missing-worker\" has no worker: call worker() or start()")
        .hasMessageContaining("ManifoldConfigurationTest");
  }

  /**
   * Covers a bug where a repeated {@code exposes(k)} or {@code inputs("a", "a")} threw out of
   * {@code configureManifolds}: Guice reported it "at [unknown source]", and the module's other
   * mistakes (a manifold with no worker) were never reported.
   */
  @Test
  @DisplayName("every declaration mistake of a module is a Guice error at its own line")
  void everyDeclarationMistakeIsReportedAtItsLine() throws IOException {
    String expected = golden("declaration-mistakes.txt");
    assertThatThrownBy(() -> Guice.createInjector(new BadManifoldModules.Sloppy()))
        .isInstanceOf(CreationException.class)
        .hasMessageNotContaining("unknown source")
        .satisfies(e -> assertThat(e.getMessage().stripTrailing()).isEqualTo(expected));
  }

  @Test
  @DisplayName("outside a module, a declaration mistake throws at once")
  void builderMistakesThrowOutsideAModule() {
    assertThatThrownBy(() -> Manifold.builder("a").inputs("x", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("manifold \"a\": input \"x\" is listed twice");
    assertThatThrownBy(
            () ->
                Manifold.builder("a")
                    .worker(Store.class)
                    .exposes(Store.class, s -> s)
                    .exposes(Store.class, s -> s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "manifold \"a\" exposes io.windlass.engine.ManifoldConfigurationTest$Store twice");
    assertThatThrownBy(() -> Manifold.builder("a").worker(Store.class).worker(Store.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("worker is already set");
  }

  static final class Store extends AbstractIdleService {
    @Override
    protected void startUp() {}

    @Override
    protected void shutDown() {}
  }

  interface Index {}

  static final class ReadsLazily extends AbstractIdleService {
    @Inject
    ReadsLazily(Provider<Index> index, Helper helper) {}

    @Override
    protected void startUp() {}

    @Override
    protected void shutDown() {}
  }

  /** Constructed just in time; its own dependency on {@link Store} counts too. */
  static final class Helper {
    @Inject
    Helper(Store store) {}
  }

  @Test
  @DisplayName("11. inference follows providers and just-in-time classes")
  void inferenceFollowsProvidersAndJitClasses() {
    Manifold index =
        Manifold.builder("index")
            .worker(Store.class)
            .exposes(Index.class, s -> new Index() {})
            .build();
    Manifold store =
        Manifold.builder("store").worker(Store.class).exposes(Store.class, s -> s).build();
    Manifold reader = Manifold.builder("reader").worker(ReadsLazily.class).build();
    Engine engine =
        Engine.create(
            Guice.createInjector(), List.of(index, store, reader), EngineConfig.defaults());
    assertThat(engine).isNotNull();
    // Validation passed; the inferred inputs show once the engine runs.
    engine.startAsync().awaitRunning();
    try {
      assertThat(engine.report().manifold("reader").inputs()).containsExactly("index", "store");
    } finally {
      engine.stopAsync().awaitTerminated();
    }
  }

  @Test
  @DisplayName(
      "a runtime install is validated too, but may wait for inputs, and keys, installed later")
  void runtimeInstallValidation() throws Exception {
    EngineHarness h = new EngineHarness();
    try (h) {
      h.start(h.manifold("a").build());
      h.engine.install(h.manifold("later", "not-yet").build());
      // Nothing exposes Unbound yet; a manifold installed later may.
      h.engine.install(
          Manifold.builder("needy").worker(BadManifoldModules.NeedsUnbound.class).build());
      h.settle();
      assertThat(h.engine.report().manifold("later").state()).isEqualTo("stopped");
      assertThat(h.engine.report().manifold("needy").error())
          .isEqualTo(
              "manifold \"needy\": no installed manifold exposes"
                  + " [io.windlass.engine.BadManifoldModules$Unbound], which its worker injects");
      assertThatThrownBy(
              () ->
                  h.engine.install(
                      Manifold.builder("scoped")
                          .worker(BadManifoldModules.ScopedWorker.class)
                          .build()))
          .isInstanceOf(ManifoldConfigurationException.class)
          .hasMessageContaining(
              "manifold \"scoped\": its worker io.windlass.engine.BadManifoldModules$ScopedWorker"
                  + " is annotated @Singleton");
    }
  }

  /**
   * Covers a bug where a worker key with a binding annotation that nothing binds passed validation,
   * though Guice never constructs an annotated key just in time: every start of the manifold
   * failed.
   */
  @Test
  @DisplayName("41. an annotated worker key that nothing binds is reported before anything starts")
  void unboundAnnotatedWorkerKeyIsReported() {
    Manifold named =
        Manifold.builder("named")
            .worker(Key.get(Store.class, com.google.inject.name.Names.named("primary")))
            .build();
    assertThatThrownBy(
            () -> Engine.create(Guice.createInjector(), List.of(named), EngineConfig.defaults()))
        .isInstanceOf(ManifoldConfigurationException.class)
        .hasMessageContaining("manifold \"named\"")
        .hasMessageContaining("nothing binds");
  }

  @Test
  @DisplayName("exposing Resources, or binding it in the application, is a configuration error")
  void resourcesIsTheEnginesToBind() {
    Manifold exposes =
        Manifold.builder("sneaky").worker(Store.class).exposes(Resources.class, s -> null).build();
    assertThatThrownBy(
            () -> Engine.create(Guice.createInjector(), List.of(exposes), EngineConfig.defaults()))
        .isInstanceOf(ManifoldConfigurationException.class)
        .hasMessageContaining(
            "manifold \"sneaky\" exposes io.windlass.engine.Resources, which the engine binds for"
                + " every start");

    Injector bindsResources =
        Guice.createInjector(binder -> binder.bind(Resources.class).toProvider(() -> null));
    Manifold injected = Manifold.builder("store").worker(Store.class).build();
    assertThatThrownBy(
            () -> Engine.create(bindsResources, List.of(injected), EngineConfig.defaults()))
        .isInstanceOf(ManifoldConfigurationException.class)
        .hasMessageContaining("the application injector binds io.windlass.engine.Resources");
  }
}
