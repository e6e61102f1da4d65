package io.windlass.manifolds.report;

import com.google.common.collect.ImmutableMap;
import com.google.common.util.concurrent.AbstractScheduledService;
import com.google.inject.Inject;
import io.windlass.engine.EngineReporter;
import io.windlass.engine.Reporter;
import io.windlass.manifolds.stats.AgentStats;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code reporter} worker. In {@link ReportFormat#TEXT} it looks at the agent's typed stats
 * every {@link #POLL} and prints a line per notable event ({@link AgentEvents}) and, every report
 * interval if one is set, the {@link SummaryLine}; in {@link ReportFormat#JSON} it prints the
 * engine report every report interval, if one is set. It injects the engine (as {@link
 * EngineReporter}) and the {@link AgentStats}, neither of them a manifold's, so it has no inputs.
 */
final class ReporterWorker extends AbstractScheduledService implements Reporter {

  /** How often the worker looks for events. */
  static final Duration POLL = Duration.ofSeconds(1);

  private final EngineReporter engine;
  private final AgentStats stats;
  private final Terminal terminal;
  private final ReportPrinter printer;
  private final ReportSchedule schedule;
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong reports = new AtomicLong();
  private AgentSnapshot seen = AgentSnapshot.empty(); // the worker's thread only
  private AgentSnapshot summarised = AgentSnapshot.empty(); // the worker's thread only
  private long sinceReportNanos; // the worker's thread only

  @Inject
  ReporterWorker(
      EngineReporter engine,
      AgentStats stats,
      Terminal terminal,
      ReportPrinter printer,
      ReportSchedule schedule) {
    this.engine = engine;
    this.stats = stats;
    this.terminal = terminal;
    this.printer = printer;
    this.schedule = schedule;
  }

  @Override
  protected void startUp() {
    seen = AgentSnapshot.of(stats);
    summarised = seen;
  }

  @Override
  protected void runOneIteration() {
    AgentSnapshot now = AgentSnapshot.of(stats);
    if (schedule.format() == ReportFormat.TEXT) {
      for (String line : AgentEvents.between(seen, now)) {
        terminal.line(line);
        events.incrementAndGet();
      }
    }
    seen = now;
    if (!schedule.periodic()) {
      return;
    }
    sinceReportNanos += period().toNanos();
    if (sinceReportNanos < schedule.interval().toNanos()) {
      return;
    }
    sinceReportNanos = 0;
    if (schedule.format() == ReportFormat.JSON) {
      printer.print(engine.report());
    } else {
      terminal.line(SummaryLine.of(summarised, now));
      summarised = now;
    }
    reports.incrementAndGet();
  }

  /** The time between two iterations: {@link #POLL}, or the interval for JSON reports. */
  private Duration period() {
    return schedule.format() == ReportFormat.JSON && schedule.periodic()
        ? schedule.interval()
        : POLL;
  }

  @Override
  protected Scheduler scheduler() {
    Duration period = period();
    return Scheduler.newFixedRateSchedule(period, period);
  }

  @Override
  public Map<String, Object> report() {
    return ImmutableMap.of("events", events.get(), "reports", reports.get());
  }

  @Override
  protected String serviceName() {
    return "reporter";
  }
}
