package io.windlass.engine;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;

/**
 * Binds the {@link Engine} (one per injector, built and validated when the injector is created),
 * and binds it as {@link ManifoldInstaller} and {@link EngineReporter} so workers can extend the
 * process or report on it. Install it next to any number of {@link ManifoldModule}s.
 *
 * <p>{@link EngineConfig} defaults to {@link EngineConfig#defaults()} or the config given here;
 * another module may override it with {@code OptionalBinder.newOptionalBinder(binder(),
 * EngineConfig.class).setBinding()}.
 */
public final class EngineModule extends AbstractModule {
  private final EngineConfig config;

  /** The engine with the default restart policy. */
  public EngineModule() {
    this(EngineConfig.defaults());
  }

  /** The engine with {@code config}. */
  public EngineModule(EngineConfig config) {
    this.config = config;
  }

  @Override
  protected void configure() {
    Multibinder.newSetBinder(binder(), Manifold.class);
    OptionalBinder.newOptionalBinder(binder(), EngineConfig.class).setDefault().toInstance(config);
    bind(Engine.class).asEagerSingleton();
    // Through a provider rather than linked bindings: Guice constructs the eager Engine once for
    // each linked binding too, so an invalid module set would be validated (and its problem list
    // reported) three times.
    Provider<Engine> engine = getProvider(Engine.class);
    bind(ManifoldInstaller.class).toProvider(engine::get);
    bind(EngineReporter.class).toProvider(engine::get);
  }
}
