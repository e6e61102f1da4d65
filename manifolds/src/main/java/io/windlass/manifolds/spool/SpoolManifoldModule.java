package io.windlass.manifolds.spool;

import com.google.inject.Scopes;
import io.windlass.engine.ManifoldModule;
import io.windlass.spool.MetricFactory;

/**
 * Declares the {@code spool} manifold, which opens the agent's spool directory and exposes it as
 * {@link MetricFactory}, and binds {@link LatestSamples} (the latest sample of every series the
 * exposed factory recorded) as a singleton. Its worker injects {@code AgentConfig}, so it runs on
 * top of the {@code agent} manifold and is reopened whenever the config changes; install it with
 * {@code AgentManifoldModule}:
 *
 * <pre>{@code
 * Injector injector =
 *     Guice.createInjector(
 *         new EngineModule(), new AgentManifoldModule(options), new SpoolManifoldModule());
 * }</pre>
 */
public final class SpoolManifoldModule extends ManifoldModule {

  /** The manifold's name. */
  public static final String SPOOL = "spool";

  @Override
  protected void configureManifolds() {
    bind(LatestSamples.class).in(Scopes.SINGLETON);
    manifold(SPOOL).worker(SpoolWorker.class).exposes(MetricFactory.class, SpoolWorker::factory);
  }
}
