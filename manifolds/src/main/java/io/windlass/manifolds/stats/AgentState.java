package io.windlass.manifolds.stats;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The running {@code agent} worker, as it publishes itself: the config it runs on and how watching
 * the file goes.
 *
 * @param configFile the config file, or {@code (defaults)} when the agent runs without one
 * @param tag the loaded config's {@code agent.tag}; empty until the config is loaded
 * @param dataDirectory the loaded config's data directory; empty until the config is loaded
 * @param configChecks how many times this worker checked the file for changes
 * @param rejected the problems of the latest change to the file this worker kept out (the running
 *     config stays), one per entry; empty when none was
 */
public record AgentState(
    String configFile,
    Optional<String> tag,
    Optional<Path> dataDirectory,
    long configChecks,
    List<String> rejected) {

  /** Copies the problems. */
  public AgentState {
    rejected = List.copyOf(rejected);
  }
}
