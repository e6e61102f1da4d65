package io.windlass.collector;

import java.util.Map;

/**
 * An input with extras a pipeline uses when they are there.
 *
 * <p>When a running pipeline's configuration changes, it builds a new input instance and calls
 * {@link #updateFrom(Input)} with the old one, so state (previous counters, open connections)
 * carries over and rates do not restart. {@link #debugInfo()} is shown in the agent's report.
 */
public interface InputExt extends Input {

  /** Takes over whatever state of {@code previous} (the instance this one replaces) still fits. */
  default void updateFrom(Input previous) {}

  /** A small map of the input's state for the report; plain JSON types only. */
  default Map<String, Object> debugInfo() {
    return Map.of();
  }
}
