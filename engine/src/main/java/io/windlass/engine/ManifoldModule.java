package io.windlass.engine;

import com.google.common.util.concurrent.Service;
import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import io.windlass.engine.internal.PrivateManifolds;
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
 * naming it. Mistakes in a declaration (a bad name, no worker or two, an input listed twice, a key
 * exposed twice) become Guice errors, each at the line of the call that made it, and the module
 * goes on so that all of them are reported together; mistakes across declarations (unknown inputs,
 * cycles, duplicate names or keys) are reported together by the engine before anything starts.
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

  /** Declares this module's manifolds (and, if it likes, ordinary bindings). */
  protected abstract void configureManifolds();

  @Override
  protected final void configure() {
    pending.clear();
    configureManifolds();
    Multibinder<Manifold> set =
        PrivateManifolds.configuringInPrivateModule()
            ? PrivateManifolds.setBinder(
                binder(),
                getClass().getName(),
                pending.stream().map(PendingManifold::name).toList())
            : Multibinder.newSetBinder(binder(), Manifold.class);
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
      // The claim is what Modules.override replaces; see ManifoldClaim.
      binder()
          .withSource(declared.source)
          .bind(ManifoldClaim.key(declared.builder.name()))
          .toInstance(claim);
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
      return Manifold.builder("invalid-name").recordMistakes(this::recordMistake);
    }
    builder.source(source).recordMistakes(this::recordMistake);
    pending.add(new PendingManifold(name, builder, source));
    return builder;
  }

  private void recordMistake(String message, Object source) {
    binder().withSource(source).addError("%s", message);
  }

  private record PendingManifold(String name, Manifold.Builder<?> builder, Object source) {}
}
