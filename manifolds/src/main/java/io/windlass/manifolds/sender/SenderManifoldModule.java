package io.windlass.manifolds.sender;

import io.windlass.engine.ManifoldModule;

/**
 * Declares the {@code sender} manifold, whose worker forwards the spool to the backend the config's
 * {@code sink} section names. Its worker injects {@code MetricFactory} and {@code AgentConfig}, so
 * its inputs are {@code spool} and {@code agent}: it restarts on a new config or a reopened spool.
 * Install it with {@code AgentManifoldModule} and {@code SpoolManifoldModule}; with {@code
 * SocketManifoldModule} too, {@code send.sock} runs the sender now.
 *
 * <pre>{@code
 * Injector injector =
 *     Guice.createInjector(
 *         new EngineModule(),
 *         new AgentManifoldModule(options),
 *         new SpoolManifoldModule(),
 *         new SocketManifoldModule(),
 *         new SenderManifoldModule());
 * }</pre>
 */
public final class SenderManifoldModule extends ManifoldModule {

  /** The manifold's name. */
  public static final String SENDER = "sender";

  @Override
  protected void configureManifolds() {
    manifold(SENDER).worker(SenderManifoldWorker.class);
  }
}
