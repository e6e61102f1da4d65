package io.windlass.engine;

import com.google.common.util.concurrent.Service;
import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.Binding;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.spi.Element;
import com.google.inject.spi.Elements;
import io.windlass.engine.internal.PerStartMisuse;
import io.windlass.engine.internal.PrivateManifolds;
import io.windlass.engine.internal.StartBindings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A Guice module that declares manifolds. Subclasses implement {@link #configureManifolds()} with
 * the small DSL below, and may also make ordinary bindings with {@link #binder()} there; every
 * manifold from every installed module is collected into the engine's set.
 *
 * <pre>{@code
 * public final class SpoolManifoldModule extends ManifoldModule {
 *   @Override protected void configureManifolds() {
 *     manifold("spool")
 *         .inputs("agent")                                 // explicit, optional
 *         .worker(SpoolWorker.class)                       // constructed by Guice per start
 *         .exposes(MetricFactory.class, SpoolWorker::factory);
 *   }
 * }
 * }</pre>
 *
 * <p>A worker whose constructor injects {@code MetricFactory} then depends on "spool" without
 * naming it. Mistakes in a declaration (a bad name, no worker or two, an input listed twice, a key
 * exposed twice) become Guice errors, each at the line of the call that made it, and the module
 * goes on so that all of them are reported together; mistakes across declarations (unknown inputs,
 * cycles, duplicate names or keys) are reported together by the engine before anything starts.
 *
 * <p><b>Bindings that need what manifolds expose.</b> Exposed values exist only per start, so a
 * binding that injects one is made per start: give its module to {@link #installPerStart}. A
 * binding of one of this module's own worker keys (for {@code worker(Key)}) made in {@link
 * #configureManifolds()} is made per start by itself (except inside a {@code PrivateModule}, where
 * it stays in the private module's injector). Other bindings made there go to the application
 * injector, as in any module; one of them, or a {@code @Provides} method of this module, that
 * injects a key this module exposes or binds per start is an error saying so.
 *
 * <p>Inside a Guice {@code PrivateModule}, a module's manifolds are run by an {@link EngineModule}
 * installed in the same private module (expose {@link Engine} to use it outside); an engine outside
 * cannot see them and reports so.
 *
 * <p><b>Overriding in tests.</b> {@code Modules.override} replaces a manifold by name: a manifold
 * declared in an overriding module takes the place of the one of that name in the overridden
 * modules, which is dropped (its worker never starts); the overridden modules' other manifolds
 * stay. Dependents find the replacement by name and by the keys it exposes, so it should expose
 * what the original did.
 *
 * <pre>{@code
 * Guice.createInjector(
 *     new EngineModule(),
 *     Modules.override(new SpoolManifoldModule())
 *         .with(new ManifoldModule() {
 *           @Override protected void configureManifolds() {
 *             manifold("spool").start(r -> new FakeSpool()).exposes(MetricFactory.class, FakeSpool::factory);
 *           }
 *         }));
 * }</pre>
 *
 * <p>Without {@code Modules.override}, a name declared in two modules (or twice in one) stays an
 * error. The override is settled when Guice injects instance bindings, so it holds for an engine
 * built as the eager singleton {@link EngineModule} binds; an engine built earlier, because an
 * instance binding injects it, reports the overridden name as declared twice.
 */
public abstract class ManifoldModule extends AbstractModule {

  private final List<PendingManifold> pending = new ArrayList<>();
  // While configureManifolds() runs: the binder that records what it does.
  private @Nullable Binder recording;
  // While configure() runs: the keys this module binds per start.
  private final Set<Key<?>> perStartKeys = new HashSet<>();

  /** Declares this module's manifolds (and, if it likes, ordinary bindings). */
  protected abstract void configureManifolds();

  /**
   * The binder; while {@link #configureManifolds()} runs, one that records its elements, so that a
   * binding of one of this module's worker keys can be made per start instead.
   */
  @Override
  protected Binder binder() {
    Binder r = recording;
    return r != null ? r : super.binder();
  }

  @Override
  protected final void configure() {
    pending.clear();
    perStartKeys.clear();
    if (PrivateManifolds.configuringInPrivateModule()) {
      // Recorded here, a ManifoldModule installed by this one would lose its private binder.
      configureManifolds();
      configureDeclared(List.of());
      return;
    }
    List<Element> configured =
        Elements.getElements(super.binder().currentStage(), new ConfigureManifolds());
    configureDeclared(configured);
  }

  /**
   * Binds the declared manifolds and what {@link #configureManifolds()} recorded ({@code
   * configured}: empty when it bound directly).
   */
  private void configureDeclared(List<Element> configured) {
    Multibinder<Manifold> set =
        PrivateManifolds.configuringInPrivateModule()
            ? PrivateManifolds.setBinder(
                binder(),
                getClass().getName(),
                pending.stream().map(PendingManifold::name).toList())
            : Multibinder.newSetBinder(binder(), Manifold.class);
    List<Manifold> built = new ArrayList<>();
    for (PendingManifold declared : pending) {
      Manifold manifold;
      ManifoldClaim claim = new ManifoldClaim(declared.builder.name());
      try {
        manifold = declared.builder.claim(claim).build();
      } catch (RuntimeException e) {
        recordMistake(e.getMessage(), declared.source);
        continue;
      }
      // Only once built: an element added without a target is an error of its own.
      set.addBinding().toInstance(manifold);
      built.add(manifold);
      // The claim is what Modules.override replaces; see ManifoldClaim.
      binder()
          .withSource(declared.source)
          .bind(ManifoldClaim.key(declared.builder.name()))
          .toInstance(claim);
    }
    pending.clear();
    List<Element> application = makeWorkerBindingsPerStart(configured, built);
    Map<Key<?>, String> perStart = new HashMap<>();
    perStartKeys.forEach(k -> perStart.put(k, "which is bound per start"));
    built.forEach(
        m ->
            m.outputs()
                .keySet()
                .forEach(
                    k -> perStart.put(k, "which manifold \"" + m.name() + "\" exposes per start")));
    PerStartMisuse.report(binder(), getClass(), ManifoldModule.class, perStart, application);
    perStartKeys.clear();
  }

  /**
   * Replays what {@link #configureManifolds()} did into the application injector, except the
   * bindings of this module's worker keys: those are made per start, as if given to {@link
   * #installPerStart}, so that a worker bound by key may inject what manifolds expose.
   */
  private List<Element> makeWorkerBindingsPerStart(
      List<Element> declared, List<Manifold> manifolds) {
    Set<Key<?>> workerKeys = new HashSet<>();
    for (Manifold m : manifolds) {
      if (m.worker() instanceof Manifold.InjectedWorker w) {
        workerKeys.add(w.key());
      }
    }
    List<Element> application = new ArrayList<>();
    List<Element> perStart = new ArrayList<>();
    for (Element element : declared) {
      boolean worker = element instanceof Binding<?> b && workerKeys.contains(b.getKey());
      (worker ? perStart : application).add(element);
    }
    application.forEach(element -> element.applyTo(binder()));
    if (!perStart.isEmpty()) {
      StartBindings.record(
          binder(), PrivateManifolds.configuringInPrivateModule(), getClass().getName(), perStart);
      perStart.forEach(e -> perStartKeys.add(((Binding<?>) e).getKey()));
    }
    return application;
  }

  /**
   * Installs {@code module}'s bindings (its {@code bind} calls and {@code @Provides} methods) per
   * start: in the child injector of every start whose worker needs one of them, rather than in the
   * application injector. Such a binding may inject what manifolds expose, as the worker itself
   * can, and a worker that needs it (directly, or through other bindings and classes) gets the
   * manifolds whose keys the binding injects as inputs:
   *
   * <pre>{@code
   * manifold("greeting").worker(GreetingWorker.class).exposes(Greeting.class, w -> w.greeting);
   * manifold("banner").worker(Key.get(Service.class, Names.named("banner")));
   * installPerStart(new AbstractModule() {
   *   @Override protected void configure() {
   *     bind(Service.class).annotatedWith(Names.named("banner")).to(BannerWorker.class);
   *   }
   *   @Provides Banner banner(Greeting greeting) { return new Banner(greeting.text()); }
   * });
   * }</pre>
   *
   * <p>The application injector has no binding of these keys: only workers (and what they inject)
   * can use them. A singleton here is one per start. Only bindings may be installed so; a key bound
   * per start may not also be bound in the application injector, bound per start twice, or exposed
   * by a manifold.
   */
  protected final void installPerStart(Module module) {
    List<Element> elements = Elements.getElements(binder().currentStage(), module);
    elements.forEach(
        e -> {
          if (e instanceof Binding<?> b) {
            perStartKeys.add(b.getKey());
          }
        });
    List<Element> unsupported =
        StartBindings.record(
            binder(),
            PrivateManifolds.configuringInPrivateModule(),
            module.getClass().getName(),
            elements);
    for (Element element : unsupported) {
      binder()
          .withSource(element.getSource())
          .addError(
              "installPerStart takes bindings only (bind, @Provides); %s is not one", element);
    }
  }

  /**
   * Starts declaring a manifold named {@code name}; finish it with {@code worker(..)} or {@code
   * start(..)}, and any {@code inputs}, {@code exposes} and {@code filter}.
   */
  protected final Manifold.Builder<Service> manifold(String name) {
    StackTraceElement caller =
        StackWalker.getInstance()
            .walk(
                frames ->
                    frames
                        .skip(1)
                        .findFirst()
                        .map(StackWalker.StackFrame::toStackTraceElement)
                        .orElse(null));
    Object source = caller != null ? caller : getClass();
    Manifold.Builder<Service> builder;
    try {
      builder = Manifold.builder(name);
    } catch (RuntimeException e) {
      binder().withSource(source).addError(e.getMessage());
      // Keep the DSL chain working so that every mistake in the module is reported together.
      return Manifold.builder("invalid-name").recordMistakes(this::recordMistake);
    }
    builder.source(source).recordMistakes(this::recordMistake);
    pending.add(new PendingManifold(name, builder, source));
    return builder;
  }

  private void recordMistake(String message, Object source) {
    binder().withSource(source).addError("%s", message);
  }

  /**
   * Runs {@link #configureManifolds()} against a recording binder; Guice names this class in the
   * "installed by" trail of what it binds.
   */
  private final class ConfigureManifolds implements Module {
    @Override
    public void configure(Binder binder) {
      recording = binder.skipSources(AbstractModule.class, ManifoldModule.class);
      try {
        configureManifolds();
      } finally {
        recording = null;
      }
    }
  }

  private record PendingManifold(String name, Manifold.Builder<?> builder, Object source) {}
}
