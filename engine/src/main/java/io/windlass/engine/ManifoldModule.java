package io.windlass.engine;

import com.google.common.util.concurrent.Service;
import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import java.util.ArrayList;
import java.util.List;

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
 * naming it. Mistakes in a declaration (a bad name, no worker, a key exposed twice) become Guice
 * errors at the declaring line; mistakes across declarations (unknown inputs, cycles, duplicate
 * names or keys) are reported together by the engine before anything starts.
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

  /** Declares this module's manifolds (and, if it likes, ordinary bindings). */
  protected abstract void configureManifolds();

  @Override
  protected final void configure() {
    pending.clear();
    configureManifolds();
    Multibinder<Manifold> set = Multibinder.newSetBinder(binder(), Manifold.class);
    for (PendingManifold declared : pending) {
      try {
        ManifoldClaim claim = new ManifoldClaim(declared.builder.name());
        set.addBinding().toInstance(declared.builder.claim(claim).build());
        // The claim is what Modules.override replaces; see ManifoldClaim.
        binder()
            .withSource(declared.source)
            .bind(ManifoldClaim.key(declared.builder.name()))
            .toInstance(claim);
      } catch (RuntimeException e) {
        binder().withSource(declared.source).addError(e.getMessage());
      }
    }
    pending.clear();
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
      builder = Manifold.builder("invalid-name");
      return builder;
    }
    builder.source(source);
    pending.add(new PendingManifold(builder, source));
    return builder;
  }

  private record PendingManifold(Manifold.Builder<?> builder, Object source) {}
}
