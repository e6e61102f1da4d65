package io.windlass.engine;

/**
 * Signal: restart this worker after the engine's bounce delay, without counting an error toward
 * backoff. Its dependents are bounced too, since its worker changes.
 */
public final class BounceException extends EngineSignal {

  /** A bounce with a message saying why. */
  public BounceException(String reason) {
    super(reason);
  }
}
