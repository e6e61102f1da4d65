package io.windlass.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.google.common.collect.ImmutableSortedMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of an engine, serialised by Jackson with exactly the keys {@code state},
 * {@code error} (left out when there is none) and {@code manifolds}.
 *
 * @param state {@code starting}, {@code started}, {@code stopping} or {@code stopped}
 * @param error the error the engine is stopping or stopped with, if any
 * @param manifolds every installed manifold by name, sorted
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"state", "error", "manifolds"})
public record EngineReport(
    String state, @Nullable String error, Map<String, ManifoldReport> manifolds) {

  /** Copies into a sorted map. */
  public EngineReport {
    manifolds = ImmutableSortedMap.copyOf(manifolds);
  }

  /** The named manifold's report, or null if it is not installed. */
  public @Nullable ManifoldReport manifold(String name) {
    return manifolds.get(name);
  }
}
