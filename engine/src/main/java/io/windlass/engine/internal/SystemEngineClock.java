package io.windlass.engine.internal;

import io.windlass.engine.EngineClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The real clock: one shared daemon thread runs every engine's timers. */
public final class SystemEngineClock implements EngineClock {

  /** The shared instance. */
  public static final SystemEngineClock INSTANCE = new SystemEngineClock();

  private final ScheduledThreadPoolExecutor timers;

  private SystemEngineClock() {
    timers =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "windlass-engine-timer");
              t.setDaemon(true);
              return t;
            });
    timers.setRemoveOnCancelPolicy(true);
  }

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Timer schedule(Duration delay, Runnable task) {
    // Saturated: a delay too long for toNanos() (a stop timeout of "forever") never falls due.
    ScheduledFuture<?> future =
        timers.schedule(task, Durations.saturatedNanos(delay), TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  @Override
  public String toString() {
    return "EngineClock.system()";
  }
}
