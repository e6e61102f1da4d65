package io.windlass.manifolds.console;

import io.windlass.engine.EngineReport;
import io.windlass.engine.ManifoldReport;
import io.windlass.manifolds.health.Health;
import io.windlass.manifolds.stats.AgentState;
import io.windlass.manifolds.stats.AgentStats;
import io.windlass.manifolds.stats.SenderState;
import io.windlass.manifolds.stats.SpoolState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/console/v1/overview}: who the agent is and whether it is well. Health and the
 * manifolds come from the engine report; the rest from the workers' typed stats ({@link
 * AgentStats}).
 *
 * @param agent the agent's tag ({@code agent.tag}); null until its config is loaded
 * @param version the agent's version
 * @param healthy whether {@code /healthz} answers 200: the engine has started and every manifold
 *     that should run is running
 * @param down what is not running, one line each, {@code <name>: <state>[: <error>]}
 * @param engineState the engine's state
 * @param now the time of this document, ISO-8601
 * @param startedAt when the agent's process started, ISO-8601
 * @param uptimeSeconds how long ago that was
 * @param dataDirectory the data directory; null until the config is loaded
 * @param configFile the config file, or {@code (defaults)} when the agent runs without one
 * @param configLoadedAt when the running config was loaded, ISO-8601; null if it is not
 * @param configChecks how many times the config file was checked for changes
 * @param configRejected the problems of the latest change to the config file that was kept out (the
 *     running config stays); empty when none was
 * @param manifolds how many manifolds there are
 * @param running how many of them run
 * @param spoolBatches batches in the spool; -1 while it is not open
 * @param spoolBytes their bytes; -1 while it is not open
 * @param sink where the sender forwards the spool; null when there is no sender running
 * @param senderLastError the sender's latest failure or rejection, if any
 */
record OverviewDocument(
    @Nullable String agent,
    String version,
    boolean healthy,
    List<String> down,
    String engineState,
    String now,
    String startedAt,
    long uptimeSeconds,
    @Nullable String dataDirectory,
    @Nullable String configFile,
    @Nullable String configLoadedAt,
    long configChecks,
    List<String> configRejected,
    int manifolds,
    int running,
    long spoolBatches,
    long spoolBytes,
    @Nullable String sink,
    @Nullable String senderLastError) {

  /** The manifold that loads the config. */
  static final String AGENT = "agent";

  public OverviewDocument {
    down = List.copyOf(down);
    configRejected = List.copyOf(configRejected);
  }

  static OverviewDocument of(
      EngineReport report, AgentStats stats, String version, Instant startedAt, Instant now) {
    Optional<AgentState> agent = stats.agent().read();
    ManifoldReport agentManifold = report.manifold(AGENT);
    List<String> down = down(report);
    int running =
        (int) report.manifolds().values().stream().filter(m -> m.state().equals("started")).count();
    Optional<SpoolState> spool = stats.spool().read();
    Optional<SenderState> sender = stats.sender().read();
    return new OverviewDocument(
        agent.flatMap(AgentState::tag).orElse(null),
        version,
        down.isEmpty(),
        down,
        report.state(),
        now.toString(),
        startedAt.toString(),
        Math.max(0, Duration.between(startedAt, now).toSeconds()),
        agent.flatMap(AgentState::dataDirectory).map(Path::toString).orElse(null),
        agent.map(AgentState::configFile).orElse(null),
        agentManifold == null || !agentManifold.state().equals("started")
            ? null
            : agentManifold.startedUtc(),
        agent.map(AgentState::configChecks).orElse(0L),
        agent.map(AgentState::rejected).orElse(List.of()),
        report.manifolds().size(),
        running,
        spool.map(s -> s.stats().batches()).orElse(-1L),
        spool.map(s -> s.stats().bytes()).orElse(-1L),
        sender.map(SenderState::sink).orElse(null),
        sender.flatMap(s -> s.stats().lastError()).orElse(null));
  }

  /** What is down, by the rule {@code /healthz} answers by ({@link Health}). */
  static List<String> down(EngineReport report) {
    return Health.of(report).down();
  }
}
