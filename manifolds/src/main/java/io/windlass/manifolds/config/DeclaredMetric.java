package io.windlass.manifolds.config;

import java.util.regex.Pattern;

/**
 * One entry of {@code spool.declared-metrics}: a metric name, or a pattern with {@code *}
 * wildcards, and the kind of the metrics it names.
 *
 * @param name a metric key such as {@code disk.used}, or a pattern such as {@code disk.*}; {@code
 *     *} matches any run of characters, dots included
 * @param kind how the metrics' values are read
 */
public record DeclaredMetric(String name, MetricKind kind) {

  /**
   * What a declared name may look like: dot-separated parts of letters, digits, {@code _}, {@code
   * -} and {@code :}, each starting with a letter, {@code _} or {@code *}; {@code *} anywhere.
   */
  static final Pattern NAME =
      Pattern.compile("[A-Za-z_*][A-Za-z0-9_:*-]*(\\.[A-Za-z_*][A-Za-z0-9_:*-]*)*");

  /** Checks the name's syntax. */
  public DeclaredMetric {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("declared metric name \"" + name + "\" is malformed");
    }
    if (kind == null) {
      throw new IllegalArgumentException("declared metric \"" + name + "\" has no kind");
    }
  }

  /** True if {@code key} is this name, or matches this pattern. */
  public boolean matches(String key) {
    if (name.indexOf('*') < 0) {
      return name.equals(key);
    }
    return globMatches(name, 0, key, 0);
  }

  private static boolean globMatches(String glob, int g, String key, int k) {
    while (g < glob.length()) {
      char c = glob.charAt(g);
      if (c == '*') {
        for (int rest = k; rest <= key.length(); rest++) {
          if (globMatches(glob, g + 1, key, rest)) {
            return true;
          }
        }
        return false;
      }
      if (k >= key.length() || key.charAt(k) != c) {
        return false;
      }
      g++;
      k++;
    }
    return k == key.length();
  }
}
