package io.windlass.manifolds.config;

import java.nio.file.Path;

/**
 * The agent's configuration, one record per section of {@code windlass.yaml}. Read it with {@link
 * AgentConfigReader}; every field has a default, so a missing file, an empty one and a partial one
 * all make a complete config. Values are compared by content: two configs read from differently
 * formatted files are equal when they mean the same.
 *
 * <pre>{@code
 * agent:
 *   tag: agent-db-01            # default: agent-<host name>
 *   data-dir: /var/lib/windlass # default: ./windlass-data
 * spool:
 *   max-bytes: 512MiB
 *   max-batches: 100000
 *   max-age: 7d
 *   overflow: drop-oldest       # or reject-new
 *   declared-metrics:           # leave out to accept any metric, as a gauge
 *     - {name: "disk.*", kind: gauge}
 * sockets:
 *   max-connections: 64
 *   max-line-length: 64KiB
 *   timeout: 3s
 *   allowed-gid: 1001           # leave out to admit only the agent's user
 * }</pre>
 *
 * @param agent the {@code agent} section
 * @param spool the {@code spool} section
 * @param sockets the {@code sockets} section
 */
public record AgentConfig(AgentSettings agent, SpoolSettings spool, SocketSettings sockets) {

  /** Checks that every section is present. */
  public AgentConfig {
    if (agent == null || spool == null || sockets == null) {
      throw new IllegalArgumentException("every section of an agent config must be present");
    }
  }

  /** This config with {@code agent.data-dir} set to {@code dir}. */
  public AgentConfig withDataDir(Path dir) {
    return new AgentConfig(agent.withDataDir(dir), spool, sockets);
  }
}
