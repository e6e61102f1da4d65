package io.windlass.manifolds.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Collects the problems of one config while it is read, then throws them all at once. */
final class ConfigProblems {
  private final String source;
  private final List<ConfigProblem> problems = new ArrayList<>();

  ConfigProblems(String source) {
    this.source = source;
  }

  /** Adds a problem at {@code position}, or without one when it is null. */
  void add(YamlTree.@Nullable Position position, String path, String message) {
    int line = position == null ? 0 : position.line();
    int column = position == null ? 0 : position.column();
    problems.add(new ConfigProblem(source, line, column, path, message));
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  /**
   * Throws every problem, in file order (problems without a position first), if there is any.
   *
   * @throws ConfigException listing them
   */
  void throwIfAny() {
    if (!problems.isEmpty()) {
      List<ConfigProblem> sorted = new ArrayList<>(problems);
      // A stable sort keeps problems at one position in the order they were found.
      sorted.sort(
          Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
      throw new ConfigException(sorted);
    }
  }
}
