package io.windlass.manifolds.report;

import com.google.common.collect.ImmutableMap;
import com.google.common.util.concurrent.AbstractScheduledService;
import com.google.inject.Inject;
import io.windlass.engine.EngineReporter;
import io.windlass.engine.Reporter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code reporter} worker: prints the engine report every report interval, the first one
 * interval after it starts. It injects the engine itself, as {@link EngineReporter}; that is not a
 * manifold, so the worker has no inputs.
 */
final class PeriodicReportWorker extends AbstractScheduledService implements Reporter {
  private final EngineReporter engine;
  private final ReportPrinter printer;
  private final ReportSchedule schedule;
  private final AtomicLong printed = new AtomicLong();

  @Inject
  PeriodicReportWorker(EngineReporter engine, ReportPrinter printer, ReportSchedule schedule) {
    this.engine = engine;
    this.printer = printer;
    this.schedule = schedule;
  }

  @Override
  protected void runOneIteration() {
    printer.print(engine.report());
    printed.incrementAndGet();
  }

  @Override
  protected Scheduler scheduler() {
    return Scheduler.newFixedRateSchedule(schedule.interval(), schedule.interval());
  }

  @Override
  public Map<String, Object> report() {
    return ImmutableMap.of("printed", printed.get());
  }

  @Override
  protected String serviceName() {
    return "reporter";
  }
}
