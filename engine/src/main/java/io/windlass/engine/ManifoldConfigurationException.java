package io.windlass.engine;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * Every problem found in a set of manifolds, reported at once before anything starts: unknown
 * inputs, dependency cycles, duplicate names, duplicate exposed keys, workers whose injection
 * points cannot be satisfied, and bindings that clash with per-start bindings or lead to per-start
 * values from the application injector. The message lists them numbered, one per problem, with
 * where each manifold (and binding) was declared, as Guice's {@code CreationException} does. A
 * runtime install of one or several manifolds throws it with the problems of that install.
 */
public final class ManifoldConfigurationException extends RuntimeException {

  private final ImmutableList<String> problems;

  /**
   * @param problems one entry per problem; an entry may span several lines (a message, then
   *     indented lines such as its source)
   */
  public ManifoldConfigurationException(List<String> problems) {
    super(format(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a configuration exception needs at least one problem");
    }
    this.problems = ImmutableList.copyOf(problems);
  }

  /** The problems, in the order they are numbered in the message. */
  public List<String> problems() {
    return problems;
  }

  private static String format(List<String> problems) {
    StringBuilder out = new StringBuilder("Manifold configuration errors:\n");
    for (int i = 0; i < problems.size(); i++) {
      out.append('\n').append(i + 1).append(") ").append(problems.get(i)).append('\n');
    }
    out.append('\n').append(problems.size()).append(problems.size() == 1 ? " error" : " errors");
    return out.toString();
  }
}
