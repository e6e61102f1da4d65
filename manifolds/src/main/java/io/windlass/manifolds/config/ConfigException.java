package io.windlass.manifolds.config;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * Every problem found in an agent config, reported at once. The message numbers them, one per line
 * with its position, as the engine's {@code ManifoldConfigurationException} does:
 *
 * <pre>
 * Agent configuration errors:
 *
 * 1) windlass.yaml:4:14: spool.max-bytes: "12XB" is not a size (use e.g. 512MiB)
 *
 * 2) windlass.yaml:9:1: sockts: unknown section (did you mean sockets?)
 *
 * 2 errors
 * </pre>
 */
public final class ConfigException extends RuntimeException {

  private final ImmutableList<ConfigProblem> problems;

  /**
   * @param problems at least one, in the order they are to be numbered
   */
  public ConfigException(List<ConfigProblem> problems) {
    super(format(problems));
    this.problems = ImmutableList.copyOf(problems);
  }

  /** The problems, in the order they are numbered in the message. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String format(List<ConfigProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a config exception needs at least one problem");
    }
    StringBuilder out = new StringBuilder("Agent configuration errors:\n");
    for (int i = 0; i < problems.size(); i++) {
      out.append('\n').append(i + 1).append(") ").append(problems.get(i)).append('\n');
    }
    out.append('\n').append(problems.size()).append(problems.size() == 1 ? " error" : " errors");
    return out.toString();
  }
}
