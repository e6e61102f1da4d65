package io.windlass.engine;

/**
 * An error after which the whole engine should stop. The default {@link EngineConfig#isFatal()}
 * treats exactly this type (and its subclasses) as fatal: every worker is stopped, dependents
 * before their inputs, and the engine fails with the worst fatal error seen (see {@link
 * EngineConfig#worstError()}).
 */
public class FatalException extends RuntimeException {

  /** A fatal error with a message. */
  public FatalException(String message) {
    super(message);
  }

  /** A fatal error with a message and a cause. */
  public FatalException(String message, Throwable cause) {
    super(message, cause);
  }
}
