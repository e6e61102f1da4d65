package io.windlass.manifolds.report;

import io.windlass.engine.ManifoldModule;

/**
 * Declares the {@code reporter} manifold, which writes what {@code windlass run} shows on standard
 * output while the agent runs: notable events and, every {@link ReportSchedule#interval()} if set,
 * a one-line summary on the {@link Terminal}; or, in {@link ReportFormat#JSON}, the engine report
 * through a {@link ReportPrinter}. It has no inputs: it injects the engine itself, as {@code
 * EngineReporter}, and the agent's typed stats ({@code AgentStats}, bound by {@code
 * AgentManifoldModule}).
 */
public final class ReportManifoldModule extends ManifoldModule {

  /** The manifold's name. */
  public static final String REPORTER = "reporter";

  private final ReportSchedule schedule;
  private final Terminal terminal;
  private final ReportPrinter printer;

  public ReportManifoldModule(ReportSchedule schedule, Terminal terminal, ReportPrinter printer) {
    this.schedule = schedule;
    this.terminal = terminal;
    this.printer = printer;
  }

  @Override
  protected void configureManifolds() {
    bind(ReportSchedule.class).toInstance(schedule);
    bind(Terminal.class).toInstance(terminal);
    bind(ReportPrinter.class).toInstance(printer);

    manifold(REPORTER).worker(ReporterWorker.class);
  }
}
