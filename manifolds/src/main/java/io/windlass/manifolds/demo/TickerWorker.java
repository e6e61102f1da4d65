package io.windlass.manifolds.demo;

import com.google.common.collect.ImmutableMap;
import com.google.common.util.concurrent.AbstractScheduledService;
import com.google.inject.Inject;
import io.windlass.engine.Reporter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code ticker} worker: counts a tick every tick interval and exposes the count. With {@code
 * demo.fail-every: N} ({@link DemoSettings#failEvery()}) it fails at its Nth tick, so the engine
 * restarts it with backoff.
 */
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
    long tick = ticks.incrementAndGet();
    if (settings.failsAt(tick)) {
      throw new IllegalStateException(
          "ticker failed at tick "
              + tick
              + " as demo.fail-every: "
              + settings.failEvery()
              + " asks; the engine starts a fresh one after its error delay");
    }
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
