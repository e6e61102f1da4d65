package io.windlass.manifolds.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean …?" for a misspelt key or value: the closest known name by edit distance (adjacent
 * transpositions count once), compared after folding case, {@code _} and camelCase to the config's
 * kebab-case.
 */
final class Suggestion {
  private Suggestion() {}

  /** The known name closest to {@code given}, if one is close enough to be a likely typo. */
  static Optional<String> closest(String given, Collection<String> known) {
    String folded = fold(given);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = distance(folded, fold(candidate));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    if (best == null || bestDistance > allowed(Math.max(folded.length(), best.length()))) {
      return Optional.empty();
    }
    return Optional.of(best);
  }

  /** How many edits a name of {@code length} may be off by and still be suggested. */
  private static int allowed(int length) {
    if (length <= 4) {
      return 1;
    }
    return length <= 8 ? 2 : 3;
  }

  private static String fold(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replace('_', '-').toLowerCase(Locale.ROOT);
  }

  /** Optimal string alignment distance. */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          best = Math.min(best, d[i - 2][j - 2] + 1);
        }
        d[i][j] = best;
      }
    }
    return d[a.length()][b.length()];
  }
}
