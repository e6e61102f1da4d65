package io.windlass.manifolds.console;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import io.windlass.engine.EngineReport;
import io.windlass.engine.ManifoldReport;
import io.windlass.manifolds.config.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One worker's own report map (a manifold's {@code report} in the engine report), read by key with
 * the type each key has: the one place the console reads report maps, so a renamed key shows up
 * here. A key that is missing or of another type reads as absent (or zero), never as an error.
 */
final class WorkerReport {
  private final Map<String, Object> map;

  private WorkerReport(Map<String, Object> map) {
    this.map = map;
  }

  /** The named manifold's worker report; empty if it is not installed or reports nothing. */
  static WorkerReport of(EngineReport report, String manifold) {
    ManifoldReport found = report.manifold(manifold);
    return new WorkerReport(found == null ? Map.of() : found.report());
  }

  static WorkerReport of(Map<?, ?> map) {
    ImmutableMap.Builder<String, Object> copy = ImmutableMap.builder();
    map.forEach(
        (key, value) -> {
          if (key instanceof String name && value != null) {
            copy.put(name, value);
          }
        });
    return new WorkerReport(copy.buildKeepingLast());
  }

  boolean isEmpty() {
    return map.isEmpty();
  }

  long count(String key) {
    return map.get(key) instanceof Number number ? number.longValue() : 0;
  }

  Optional<String> text(String key) {
    return map.get(key) instanceof String text ? Optional.of(text) : Optional.empty();
  }

  /** A duration written as {@link DurationText} writes it. */
  Optional<Duration> duration(String key) {
    try {
      return text(key).map(DurationText::parse);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  Optional<Instant> instant(String key) {
    try {
      return text(key).map(Instant::parse);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** A map of counts by name, sorted; the entries that are not counts are left out. */
  Map<String, Long> counts(String key) {
    ImmutableSortedMap.Builder<String, Long> counts = ImmutableSortedMap.naturalOrder();
    if (map.get(key) instanceof Map<?, ?> entries) {
      entries.forEach(
          (name, value) -> {
            if (name instanceof String text && value instanceof Number number) {
              counts.put(text, number.longValue());
            }
          });
    }
    return counts.buildOrThrow();
  }

  List<String> texts(String key) {
    if (map.get(key) instanceof List<?> items) {
      return items.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }
    return List.of();
  }

  /** The nested maps by name, in the report's order, e.g. the collector's pipelines. */
  Map<String, WorkerReport> children() {
    ImmutableMap.Builder<String, WorkerReport> children = ImmutableMap.builder();
    map.forEach(
        (name, value) -> {
          if (value instanceof Map<?, ?> child) {
            children.put(name, of(child));
          }
        });
    return children.buildOrThrow();
  }
}
