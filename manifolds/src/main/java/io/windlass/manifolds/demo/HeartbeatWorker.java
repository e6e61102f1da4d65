package io.windlass.manifolds.demo;

import com.google.common.collect.ImmutableMap;
import com.google.common.util.concurrent.AbstractScheduledService;
import com.google.inject.Inject;
import io.windlass.engine.Reporter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code heartbeat} worker: beats every tick interval and remembers the tick count it last saw.
 * It injects {@link TickCount}, so its input {@code ticker} is inferred.
 */
final class HeartbeatWorker extends AbstractScheduledService implements Reporter {
  private static final Logger log = LoggerFactory.getLogger(HeartbeatWorker.class);

  private final TickCount ticks;
  private final DemoSettings settings;
  private final AtomicLong beats = new AtomicLong();
  private final AtomicLong lastTick = new AtomicLong();

  @Inject
  HeartbeatWorker(TickCount ticks, DemoSettings settings) {
    this.ticks = ticks;
    this.settings = settings;
  }

  @Override
  protected void runOneIteration() {
    long tick = ticks.current();
    lastTick.set(tick);
    log.debug("beat {} at tick {}", beats.incrementAndGet(), tick);
  }

  @Override
  protected Scheduler scheduler() {
    return Scheduler.newFixedRateSchedule(settings.tickInterval(), settings.tickInterval());
  }

  @Override
  public Map<String, Object> report() {
    return ImmutableMap.of("beats", beats.get(), "last-tick", lastTick.get());
  }

  @Override
  protected String serviceName() {
    return "heartbeat";
  }
}
