package io.windlass.spool;

import com.google.common.collect.ImmutableMap;
import io.windlass.spool.internal.MetricRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The metrics a source declares, each with its {@link MetricKind}; a recorder stores only declared
 * metrics (Juju's {@code metrics.yaml}). Immutable and thread-safe.
 *
 * <p>A declaration is either an exact metric key ({@code pings}) or a prefix pattern ending in
 * {@code *} ({@code disk.*}), which matches every well-formed key that starts with the prefix and
 * has at least one character more. An exact declaration wins over a pattern, a longer pattern over
 * a shorter one. The pattern {@code *} matches every well-formed key: {@link #any()} is {@code *}
 * as a gauge, the "declare nothing" mode.
 *
 * <p>Declared metrics take finite values only, as in Juju. {@link #anyValue()} is the one set that
 * also takes {@code NaN}, {@code +Inf} and {@code -Inf} (written so): what Prometheus and Influx
 * pushes carry, and what Prometheus and VictoriaMetrics store.
 */
public final class DeclaredMetrics {
  private static final DeclaredMetrics ANY =
      new DeclaredMetrics(Map.of("*", MetricKind.GAUGE), false);
  private static final DeclaredMetrics ANY_VALUE =
      new DeclaredMetrics(Map.of("*", MetricKind.GAUGE), true);

  private final ImmutableMap<String, MetricKind> declarations;
  private final boolean nonFinite;
  private final Map<String, MetricKind> exact;
  private final String[] prefixes; // longest first
  private final MetricKind[] prefixKinds;

  private DeclaredMetrics(Map<String, MetricKind> declarations, boolean nonFinite) {
    this.declarations = ImmutableMap.copyOf(declarations);
    this.nonFinite = nonFinite;
    ImmutableMap.Builder<String, MetricKind> exactBuilder = ImmutableMap.builder();
    List<Map.Entry<String, MetricKind>> patterns = new ArrayList<>();
    declarations.forEach(
        (name, kind) -> {
          if (name.endsWith("*")) {
            patterns.add(Map.entry(name.substring(0, name.length() - 1), kind));
          } else {
            exactBuilder.put(name, kind);
          }
        });
    exact = exactBuilder.buildOrThrow();
    patterns.sort(
        Comparator.comparing((Map.Entry<String, MetricKind> e) -> e.getKey().length()).reversed());
    prefixes = patterns.stream().map(Map.Entry::getKey).toArray(String[]::new);
    prefixKinds = patterns.stream().map(Map.Entry::getValue).toArray(MetricKind[]::new);
  }

  /** Every well-formed key, as a gauge. */
  public static DeclaredMetrics any() {
    return ANY;
  }

  /**
   * Every well-formed key, as a gauge that also takes {@code NaN}, {@code +Inf} and {@code -Inf}:
   * what the agent's HTTP pushes store when no metrics are declared.
   */
  public static DeclaredMetrics anyValue() {
    return ANY_VALUE;
  }

  /** Whether values may be {@code NaN}, {@code +Inf} or {@code -Inf}: only {@link #anyValue()}. */
  public boolean allowsNonFinite() {
    return nonFinite;
  }

  /**
   * The given declarations, checked.
   *
   * @throws IllegalArgumentException naming every malformed name or pattern
   */
  public static DeclaredMetrics of(Map<String, MetricKind> declarations) {
    List<String> problems = new ArrayList<>();
    declarations.forEach(
        (name, kind) -> {
          if (name == null) {
            problems.add("a declaration has no name");
            return;
          }
          if (kind == null) {
            problems.add("declaration \"" + name + "\" has no kind");
          }
          if (name.endsWith("*")) {
            String prefix = name.substring(0, name.length() - 1);
            if (prefix.indexOf('*') >= 0) {
              problems.add("pattern \"" + name + "\" may hold '*' only at its end");
            } else if (!prefix.isEmpty()) {
              String problem = MetricRules.keyProblem(prefix);
              if (problem != null) {
                problems.add("pattern \"" + name + "\": " + problem);
              }
            }
          } else {
            String problem = MetricRules.keyProblem(name);
            if (problem != null) {
              problems.add(problem);
            }
          }
        });
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid metric declarations: " + String.join("; ", problems));
    }
    return new DeclaredMetrics(declarations, false);
  }

  /** One declaration. */
  public static DeclaredMetrics of(String name, MetricKind kind) {
    return of(Map.of(name, kind));
  }

  /** The declarations as given: names and patterns to kinds. */
  public Map<String, MetricKind> declarations() {
    return declarations;
  }

  /** The kind a key is declared with, or null if it is not declared or not well-formed. */
  public @Nullable MetricKind kindOf(@Nullable String key) {
    if (key == null) {
      return null;
    }
    MetricKind kind = exact.get(key);
    if (kind != null) {
      return kind;
    }
    for (int i = 0; i < prefixes.length; i++) {
      if (key.length() > prefixes[i].length()
          && key.startsWith(prefixes[i])
          && MetricRules.keyProblem(key) == null) {
        return prefixKinds[i];
      }
    }
    return null;
  }

  /** Whether a recorder may store this key. */
  public boolean isDeclared(@Nullable String key) {
    return kindOf(key) != null;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof DeclaredMetrics other
        && other.declarations.equals(declarations)
        && other.nonFinite == nonFinite;
  }

  @Override
  public int hashCode() {
    return declarations.hashCode() * 31 + Boolean.hashCode(nonFinite);
  }

  @Override
  public String toString() {
    return "DeclaredMetrics" + declarations + (nonFinite ? " with non-finite values" : "");
  }
}
