package io.windlass.manifolds.demo;

import com.google.common.collect.ImmutableMap;
import com.google.common.util.concurrent.AbstractScheduledService;
import com.google.inject.Inject;
import io.windlass.engine.Reporter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The {@code ticker} worker: counts a tick every tick interval and exposes the count. */
final class TickerWorker extends AbstractScheduledService implements Reporter {
  private final DemoSettings settings;
  private final AtomicLong ticks = new AtomicLong();

  @Inject
  TickerWorker(DemoSettings settings) {
    this.settings = settings;
  }

  /** The exposed value: a live view of this worker's count. */
  TickCount tickCount() {
    return ticks::get;
  }

  @Override
  protected void runOneIteration() {
    ticks.incrementAndGet();
  }

  @Override
  protected Scheduler scheduler() {
    return Scheduler.newFixedRateSchedule(settings.tickInterval(), settings.tickInterval());
  }

  @Override
  public Map<String, Object> report() {
    return ImmutableMap.of("ticks", ticks.get());
  }

  @Override
  protected String serviceName() {
    return "ticker";
  }
}
