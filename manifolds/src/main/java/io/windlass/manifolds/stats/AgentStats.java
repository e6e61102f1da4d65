package io.windlass.manifolds.stats;

import java.util.List;
import java.util.Map;

/**
 * The typed stats of the agent's workers (see the package): one {@link StatsSlot} per worker that
 * publishes some, the status server's URL, and the {@link ConfigHistory}. One per agent, bound as a
 * singleton by {@code AgentManifoldModule}, so it outlives the workers' restarts. Thread-safe.
 */
public final class AgentStats {
  private final StatsSlot<AgentState> agent = new StatsSlot<>();
  private final StatsSlot<SpoolState> spool = new StatsSlot<>();
  private final StatsSlot<SenderState> sender = new StatsSlot<>();
  private final StatsSlot<Map<String, InputState>> inputs = new StatsSlot<>();
  private final StatsSlot<String> statusUrl = new StatsSlot<>();
  private ConfigHistory configs = ConfigHistory.none(); // guarded by this

  /** The {@code agent} worker's config and its watch of the file. */
  public StatsSlot<AgentState> agent() {
    return agent;
  }

  /** The {@code spool} worker's open spool. */
  public StatsSlot<SpoolState> spool() {
    return spool;
  }

  /** The {@code sender} worker's sender; empty without a sink. */
  public StatsSlot<SenderState> sender() {
    return sender;
  }

  /** The {@code collector} worker's inputs, by id. */
  public StatsSlot<Map<String, InputState>> inputs() {
    return inputs;
  }

  /** The status server's base URL ({@code http://127.0.0.1:9465/}) while it serves. */
  public StatsSlot<String> statusUrl() {
    return statusUrl;
  }

  /** Notes a config loaded from {@code source} (a file, or {@code (defaults)}). */
  public synchronized void configLoaded(String source, String tag) {
    configs =
        new ConfigHistory(
            configs.loads() + 1, source, tag, configs.rejections(), configs.problems());
  }

  /** Notes a change of {@code source} kept out for {@code problems}. */
  public synchronized void configRejected(String source, List<String> problems) {
    configs =
        new ConfigHistory(
            configs.loads(), configs.source(), configs.tag(), configs.rejections() + 1, problems);
  }

  /** The config history so far. */
  public synchronized ConfigHistory configs() {
    return configs;
  }
}
