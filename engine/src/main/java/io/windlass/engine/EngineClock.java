package io.windlass.engine;

import io.windlass.engine.internal.SystemEngineClock;
import java.time.Duration;
import java.time.Instant;

/**
 * The engine's notion of time: what it stamps reports with, how it measures how long a worker ran,
 * and how it waits out restart delays and stop timeouts. Tests pass a manual clock ({@code
 * io.windlass.engine.testing.ManualEngineClock}) so that no test sleeps.
 */
public interface EngineClock {

  /** The wall-clock time, for reports. */
  Instant now();

  /** A monotonic reading in nanoseconds, for measuring intervals. */
  long nanoTime();

  /**
   * Runs {@code task} once after {@code delay}. Tasks must be quick: the engine's only post an
   * event to its loop.
   */
  Timer schedule(Duration delay, Runnable task);

  /** A scheduled task that may still be cancelled. */
  @FunctionalInterface
  interface Timer {
    /** Cancels the task if it has not run; does nothing otherwise. */
    void cancel();
  }

  /** The real clock, with one shared daemon timer thread. */
  static EngineClock system() {
    return SystemEngineClock.INSTANCE;
  }
}
