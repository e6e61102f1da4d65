package io.windlass.engine;

/**
 * The closed set of exceptions with which a worker or a start tells the engine what to do next,
 * rather than reporting a failure:
 *
 * <ul>
 *   <li>{@link MissingInputException} — an input it needs is not available: do not restart until an
 *       input changes;
 *   <li>{@link BounceException} — restart after the bounce delay, with no backoff;
 *   <li>{@link UninstallException} — remove the manifold for good; its dependents are bounced.
 * </ul>
 *
 * <p>A signal may arrive wrapped (as the cause of another exception, for instance of a Guice {@code
 * ProvisionException}); the engine looks through the causal chain for it.
 */
public abstract sealed class EngineSignal extends RuntimeException
    permits MissingInputException, BounceException, UninstallException {

  EngineSignal(String message) {
    super(message, null, false, false);
  }
}
