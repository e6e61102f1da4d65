package io.windlass.manifolds.agent;

import com.google.inject.Scopes;
import com.google.inject.multibindings.OptionalBinder;
import io.windlass.engine.ManifoldModule;
import io.windlass.manifolds.config.AgentConfig;
import io.windlass.manifolds.stats.AgentStats;

/**
 * Declares the {@code agent} manifold, which loads the agent config and exposes it as {@link
 * AgentConfig}: a worker that injects {@code AgentConfig} depends on {@code agent} without naming
 * it, and is bounced onto the new config whenever the file changes to a valid, different config.
 *
 * <pre>{@code
 * Injector injector =
 *     Guice.createInjector(
 *         new EngineModule(),
 *         new AgentManifoldModule(AgentOptions.of(Path.of("windlass.yaml"), null)),
 *         new SpoolManifoldModule());
 * }</pre>
 *
 * <p>{@link AgentOptions} defaults to those given here ({@link AgentOptions#none()} without any),
 * and {@link ConfigWatchSettings} to {@link ConfigWatchSettings#defaults()}; another module may
 * replace either with {@code OptionalBinder.newOptionalBinder(binder(), …).setBinding()}. It also
 * binds {@link AgentStats}, where the agent's workers publish their typed stats, as a singleton.
 */
public final class AgentManifoldModule extends ManifoldModule {

  /** The manifold's name. */
  public static final String AGENT = "agent";

  private final AgentOptions options;

  /** The agent manifold on the defaults, unless another module binds {@link AgentOptions}. */
  public AgentManifoldModule() {
    this(AgentOptions.none());
  }

  /** The agent manifold with {@code options}. */
  public AgentManifoldModule(AgentOptions options) {
    this.options = options;
  }

  @Override
  protected void configureManifolds() {
    bind(AgentStats.class).in(Scopes.SINGLETON);
    OptionalBinder.newOptionalBinder(binder(), AgentOptions.class).setDefault().toInstance(options);
    OptionalBinder.newOptionalBinder(binder(), ConfigWatchSettings.class)
        .setDefault()
        .toInstance(ConfigWatchSettings.defaults());

    manifold(AGENT).worker(AgentWorker.class).exposes(AgentConfig.class, AgentWorker::config);
  }
}
