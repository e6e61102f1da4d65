package io.windlass.manifolds.report;

import io.windlass.engine.ManifoldModule;

/**
 * Declares the {@code reporter} manifold, which prints the engine report through a {@link
 * ReportPrinter} every {@link ReportSchedule#interval()}. It has no inputs: it injects the engine
 * itself, as {@code EngineReporter}.
 */
public final class ReportManifoldModule extends ManifoldModule {

  /** The manifold's name. */
  public static final String REPORTER = "reporter";

  private final ReportSchedule schedule;
  private final ReportPrinter printer;

  public ReportManifoldModule(ReportSchedule schedule, ReportPrinter printer) {
    this.schedule = schedule;
    this.printer = printer;
  }

  @Override
  protected void configureManifolds() {
    bind(ReportSchedule.class).toInstance(schedule);
    bind(ReportPrinter.class).toInstance(printer);

    manifold(REPORTER).worker(PeriodicReportWorker.class);
  }
}
