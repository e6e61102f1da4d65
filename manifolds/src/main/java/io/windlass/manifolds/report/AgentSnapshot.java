package io.windlass.manifolds.report;

import io.windlass.manifolds.stats.AgentStats;
import io.windlass.manifolds.stats.ConfigHistory;
import io.windlass.manifolds.stats.SenderState;
import io.windlass.manifolds.stats.SpoolState;
import java.util.Optional;

/**
 * The agent's typed stats at one moment, as the terminal lines compare and summarise them.
 *
 * @param configs the config history
 * @param spool the open spool, if any
 * @param sender the running sender, if any (none without a sink)
 */
record AgentSnapshot(
    ConfigHistory configs, Optional<SpoolState> spool, Optional<SenderState> sender) {

  /** Reads {@code stats} now. */
  static AgentSnapshot of(AgentStats stats) {
    return new AgentSnapshot(stats.configs(), stats.spool().read(), stats.sender().read());
  }

  /** Nothing known yet. */
  static AgentSnapshot empty() {
    return new AgentSnapshot(ConfigHistory.none(), Optional.empty(), Optional.empty());
  }
}
