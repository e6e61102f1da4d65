package io.windlass.manifolds.status;

import com.google.common.collect.ImmutableMap;
import io.windlass.manifolds.status.StatusServer.Endpoint;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Which endpoint a path goes to. A pattern is an exact path ({@code /healthz}) or a prefix ending
 * in {@code *} ({@code /metrics/job/*}), which takes every path that begins with what comes before
 * the {@code *} and hands the route the rest. An exact path wins over prefixes, and a longer prefix
 * over a shorter one. Immutable.
 */
final class RouteTable {

  /**
   * A path's endpoint.
   *
   * @param pattern the pattern that matched, as written: what requests are counted by
   * @param subpath what follows a prefix, not decoded; empty for an exact path
   */
  record Match(String pattern, Endpoint endpoint, String subpath) {}

  private final Map<String, Endpoint> exact;
  private final List<Map.Entry<String, Endpoint>> prefixes; // by pattern, longest first

  /**
   * @param endpoints by pattern
   * @throws IllegalArgumentException for a pattern that does not begin with {@code /}, or has a
   *     {@code *} elsewhere than at its end
   */
  RouteTable(Map<String, Endpoint> endpoints) {
    ImmutableMap.Builder<String, Endpoint> exactPaths = ImmutableMap.builder();
    ImmutableMap.Builder<String, Endpoint> prefixPatterns = ImmutableMap.builder();
    endpoints.forEach(
        (pattern, endpoint) -> {
          int star = pattern.indexOf('*');
          if (!pattern.startsWith("/") || (star >= 0 && star != pattern.length() - 1)) {
            throw new IllegalArgumentException(
                "path pattern \"" + pattern + "\" must begin with / and may end in * only");
          }
          (star < 0 ? exactPaths : prefixPatterns).put(pattern, endpoint);
        });
    this.exact = exactPaths.buildOrThrow();
    this.prefixes =
        prefixPatterns.buildOrThrow().entrySet().stream()
            .sorted(
                Comparator.comparingInt((Map.Entry<String, Endpoint> e) -> e.getKey().length())
                    .reversed())
            .toList();
  }

  /** The endpoint of {@code path} (not decoded), or null if none takes it. */
  @Nullable Match match(String path) {
    Endpoint endpoint = exact.get(path);
    if (endpoint != null) {
      return new Match(path, endpoint, "");
    }
    for (Map.Entry<String, Endpoint> prefix : prefixes) {
      String pattern = prefix.getKey();
      String start = pattern.substring(0, pattern.length() - 1);
      if (path.startsWith(start)) {
        return new Match(pattern, prefix.getValue(), path.substring(start.length()));
      }
    }
    return null;
  }
}
