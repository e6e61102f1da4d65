package io.windlass.engine;

import java.util.Map;

/**
 * Implemented by a worker that has something to say in the {@link EngineReport}: its map is nested
 * under the manifold's {@code report} key. Called on the thread that asks for the report, never on
 * the engine loop; it should be quick and must not block. Values should be plain JSON types
 * (strings, numbers, booleans, lists and maps of them).
 */
@FunctionalInterface
public interface Reporter {
  /** A snapshot of the worker's own state. */
  Map<String, Object> report();
}
