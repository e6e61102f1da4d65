package io.windlass.manifolds.demo;

import io.windlass.engine.ManifoldModule;

/**
 * Declares the demo manifolds {@code ticker} and {@code heartbeat}, and binds the {@link
 * DemoSettings} their workers inject. {@code windlass run --demo} adds it to the agent's engine; on
 * its own, install it with {@code EngineModule}:
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new EngineModule(), new DemoManifoldModule(settings));
 * Engine engine = injector.getInstance(Engine.class);
 * }</pre>
 */
public final class DemoManifoldModule extends ManifoldModule {
  private final DemoSettings settings;

  /** The demo at {@code settings}' pace. */
  public DemoManifoldModule(DemoSettings settings) {
    this.settings = settings;
  }

  @Override
  protected void configureManifolds() {
    bind(DemoSettings.class).toInstance(settings);

    manifold("ticker").worker(TickerWorker.class).exposes(TickCount.class, TickerWorker::tickCount);
    manifold("heartbeat").worker(HeartbeatWorker.class); // input "ticker" inferred from TickCount
  }
}
