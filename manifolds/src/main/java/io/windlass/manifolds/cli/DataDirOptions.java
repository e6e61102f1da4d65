package io.windlass.manifolds.cli;

import io.windlass.manifolds.config.AgentConfigReader;
import io.windlass.manifolds.config.AgentSettings;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The options by which a command finds a running agent's data directory: {@code --data-dir}, else
 * {@code agent.data-dir} from {@code --config}, else {@code ./windlass-data}, as for {@code run}. A
 * relative directory is taken from the current directory. Mixed into every command that talks to an
 * agent or reads its data.
 */
public final class DataDirOptions {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "The agent's data directory; overrides agent.data-dir from --config (default:"
              + " ./windlass-data).")
  @Nullable Path dataDir;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "The agent config (YAML) to take agent.data-dir from.")
  @Nullable Path configFile;

  /**
   * The data directory these options name.
   *
   * @throws io.windlass.manifolds.config.ConfigException {@code --config} is needed and invalid
   */
  public Path dataDirectory() {
    if (dataDir != null) {
      return dataDir;
    }
    if (configFile != null) {
      return new AgentConfigReader().read(configFile).agent().dataDir();
    }
    return AgentSettings.DEFAULT_DATA_DIR;
  }

  /** A file in the agent's socket directory, {@code <data-dir>/run/<name>}. */
  public Path runFile(String name) {
    return dataDirectory().resolve(AgentSettings.SOCKET_DIRECTORY).resolve(name);
  }
}
