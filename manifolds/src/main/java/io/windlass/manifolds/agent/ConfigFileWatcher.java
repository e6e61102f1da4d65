package io.windlass.manifolds.agent;

import com.google.common.hash.Hashing;
import io.windlass.manifolds.config.AgentConfig;
import io.windlass.manifolds.config.AgentConfigReader;
import io.windlass.manifolds.config.ConfigException;
import io.windlass.manifolds.config.ConfigProblem;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Decides, one poll at a time, whether a config file now holds a different valid config.
 *
 * <p>Every poll reads the whole file and hashes it. Config files are small, and reading one every
 * few seconds costs nothing; in exchange no change is missed, however the file was replaced: in
 * place, by rename (as most editors save), through a symbolic link swap (as Kubernetes updates a
 * mounted ConfigMap), or within the same second at the same size, which a check of modification
 * time and size alone would miss.
 *
 * <p>A change is acted on only once the file has read the same on two polls in a row, so that a
 * file caught half-written is never taken for the new config. Then it is parsed and validated:
 *
 * <ul>
 *   <li>a valid config that differs from the running one is {@link Changed};
 *   <li>a valid config equal to the running one (a comment or formatting edit) is {@link Same}, and
 *       becomes the content the file is compared with from then on;
 *   <li>an invalid config, or a file that cannot be read (or has gone), is {@link Rejected} once,
 *       with all its problems; the running config stays.
 * </ul>
 *
 * <p>Not thread-safe: one worker thread polls it.
 */
final class ConfigFileWatcher {

  /** What one poll found. */
  sealed interface Outcome permits Unchanged, Settling, Changed, Same, Rejected {}

  /** The file holds the running config, or a rejected one already reported. */
  record Unchanged() implements Outcome {}

  /** The file reads differently from the last poll; it is looked at again next poll. */
  record Settling() implements Outcome {}

  /** The file holds a valid config different from the running one. */
  record Changed(AgentConfig config) implements Outcome {}

  /** The file was rewritten but means the same as the running config. */
  record Same() implements Outcome {}

  /** The file holds an invalid config, or cannot be read; reported once per content. */
  record Rejected(ConfigException problems) implements Outcome {}

  private final Path file;
  private final AgentConfigReader reader;
  private final UnaryOperator<AgentConfig> overrides;
  private final AgentConfig running;

  /** What the file read when it last matched the running config. */
  private String acceptedKey;

  /** What the file read on the previous poll. */
  private @Nullable String lastKey;

  /** The content most recently acted on (rejected), so that it is reported once. */
  private @Nullable String handledKey;

  private volatile @Nullable ConfigException rejected;

  /**
   * @param file the config file
   * @param reader parses it
   * @param overrides applied to every config read, as they were to the running one
   * @param loaded the bytes the running config was parsed from
   * @param running the running config, overrides applied
   */
  ConfigFileWatcher(
      Path file,
      AgentConfigReader reader,
      UnaryOperator<AgentConfig> overrides,
      byte[] loaded,
      AgentConfig running) {
    this.file = file;
    this.reader = reader;
    this.overrides = overrides;
    this.running = running;
    this.acceptedKey = contentKey(loaded);
    this.lastKey = acceptedKey;
  }

  /** Reads the file and says what changed; see the class description. */
  Outcome poll() {
    byte[] content = null;
    ConfigException unreadable = null;
    String key;
    try {
      content = AgentConfigReader.readBytes(file);
      key = contentKey(content);
    } catch (ConfigException e) {
      unreadable = e;
      key = "unreadable:" + e.getMessage();
    }
    boolean settled = key.equals(lastKey);
    lastKey = key;
    if (key.equals(acceptedKey)) {
      handledKey = null;
      rejected = null;
      return new Unchanged();
    }
    if (!settled) {
      return new Settling();
    }
    if (key.equals(handledKey)) {
      return new Unchanged();
    }
    handledKey = key;
    if (unreadable != null) {
      rejected = unreadable;
      return new Rejected(unreadable);
    }
    AgentConfig config;
    try {
      config = overrides.apply(reader.parse(file.toString(), content));
    } catch (ConfigException e) {
      rejected = e;
      return new Rejected(e);
    }
    ConfigException unusable = dataDirectoryProblem(config);
    if (unusable != null) {
      rejected = unusable;
      return new Rejected(unusable);
    }
    rejected = null;
    if (config.equals(running)) {
      acceptedKey = key;
      handledKey = null;
      return new Same();
    }
    return new Changed(config);
  }

  /**
   * Why {@code config} cannot be run because of its data directory ({@link DataDirectory}, {@link
   * DataDirectoryLock}), if it names another one than the running config, or another group.
   */
  private @Nullable ConfigException dataDirectoryProblem(AgentConfig config) {
    if (config.agent().dataDir().equals(running.agent().dataDir())
        && config.sockets().allowedGid().equals(running.sockets().allowedGid())) {
      return null;
    }
    String problem;
    try {
      DataDirectory.prepare(config);
      problem = DataDirectoryLock.problem(config.agent().dataDir()).orElse(null);
    } catch (UnusableDataDirectoryException e) {
      problem = e.getMessage();
    }
    if (problem == null) {
      return null;
    }
    return new ConfigException(
        List.of(new ConfigProblem(file.toString(), 0, 0, "agent.data-dir", problem)));
  }

  /** The problems of the rejected content the file holds now, if it holds one. */
  @Nullable ConfigException rejected() {
    return rejected;
  }

  private static String contentKey(byte[] content) {
    return "sha256:" + Hashing.sha256().hashBytes(content);
  }
}
