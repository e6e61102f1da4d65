package io.windlass.manifolds.agent;

import io.windlass.manifolds.config.AgentConfig;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the command line tells the {@code agent} manifold: where its config file is, and what
 * overrides the file.
 *
 * @param configFile the YAML config to read and watch; empty to run on the defaults alone
 * @param dataDir overrides {@code agent.data-dir} from the file (or the default)
 */
public record AgentOptions(Optional<Path> configFile, Optional<Path> dataDir) {

  /** Checks that neither field is null. */
  public AgentOptions {
    if (configFile == null || dataDir == null) {
      throw new IllegalArgumentException("agent options must not be null; use Optional.empty()");
    }
  }

  /** No config file and no overrides: the agent runs on the defaults. */
  public static AgentOptions none() {
    return new AgentOptions(Optional.empty(), Optional.empty());
  }

  /** Options from nullable values, as a command line parser leaves them. */
  public static AgentOptions of(@Nullable Path configFile, @Nullable Path dataDir) {
    return new AgentOptions(Optional.ofNullable(configFile), Optional.ofNullable(dataDir));
  }

  /** {@code config} with these options' overrides applied. */
  public AgentConfig applyTo(AgentConfig config) {
    return dataDir.map(config::withDataDir).orElse(config);
  }
}
