package io.windlass.manifolds.demo;

import io.windlass.engine.ManifoldModule;
import io.windlass.manifolds.report.ReportPrinter;

/**
 * Declares the demo manifolds {@code ticker}, {@code heartbeat} and {@code reporter}, and binds the
 * {@link DemoSettings} and {@link ReportPrinter} their workers inject. Install it with {@code
 * EngineModule}:
 *
 * <pre>{@code
 * Injector injector =
 *     Guice.createInjector(new EngineModule(), new DemoManifoldModule(settings, printer));
 * Engine engine = injector.getInstance(Engine.class);
 * }</pre>
 */
public final class DemoManifoldModule extends ManifoldModule {
  private final DemoSettings settings;
  private final ReportPrinter printer;

  /** The demo at {@code settings}' pace, reporting through {@code printer}. */
  public DemoManifoldModule(DemoSettings settings, ReportPrinter printer) {
    this.settings = settings;
    this.printer = printer;
  }

  @Override
  protected void configureManifolds() {
    bind(DemoSettings.class).toInstance(settings);
    bind(ReportPrinter.class).toInstance(printer);

    manifold("ticker").worker(TickerWorker.class).exposes(TickCount.class, TickerWorker::tickCount);
    manifold("heartbeat").worker(HeartbeatWorker.class); // input "ticker" inferred from TickCount
    manifold("reporter").worker(PeriodicReportWorker.class);
  }
}
