package io.windlass.engine;

import io.windlass.engine.internal.Durations;
import java.time.Duration;

/**
 * Recorded as a manifold's error when its worker (or its start) did not stop within {@link
 * EngineConfig#stopTimeout()}. The engine abandons such a worker — it goes on without it, and
 * ignores whatever the worker does later — instead of hanging.
 */
public final class WorkerStuckException extends RuntimeException {

  /** A stuck worker of {@code manifold}, abandoned after {@code stopTimeout}. */
  public WorkerStuckException(String manifold, Duration stopTimeout) {
    super(
        "manifold \""
            + manifold
            + "\": worker did not stop within "
            + Durations.format(stopTimeout)
            + "; abandoned it",
        null,
        false,
        false);
  }
}
