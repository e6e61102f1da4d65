package io.windlass.engine;

/**
 * Reports the engine's state. The {@link Engine} is bound to this interface, so a status worker may
 * inject it.
 */
public interface EngineReporter {
  /** An immutable snapshot of the engine and every installed manifold. */
  EngineReport report();
}
