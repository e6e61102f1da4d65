package io.windlass.manifolds.stats;

import java.util.List;

/**
 * What became of the agent's config so far: how often one was loaded, how often a change was kept
 * out, and the latest of each.
 *
 * @param loads configs loaded (the first, and each valid change)
 * @param source the file the latest config came from, or {@code (defaults)}; empty before the first
 * @param tag the latest config's {@code agent.tag}; empty before the first
 * @param rejections changes kept out because they had problems
 * @param problems the latest rejected change's problems, one per entry; empty if none was
 */
public record ConfigHistory(
    long loads, String source, String tag, long rejections, List<String> problems) {

  /** Copies the problems. */
  public ConfigHistory {
    problems = List.copyOf(problems);
  }

  /** Nothing loaded yet. */
  public static ConfigHistory none() {
    return new ConfigHistory(0, "", "", 0, List.of());
  }
}
