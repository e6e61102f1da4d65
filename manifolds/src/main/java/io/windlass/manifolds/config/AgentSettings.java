package io.windlass.manifolds.config;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code agent} section: who this agent is and where it keeps its data.
 *
 * @param tag names this agent in every batch it spools (the batch's {@code unit-tag}); letters,
 *     digits, {@code . _ -}, starting with a letter or digit, at most {@value #MAX_TAG_LENGTH}
 *     characters. Default: {@code agent-} and the host name.
 * @param dataDir the directory under which the agent keeps its spool ({@link #spoolDirectory()})
 *     and sockets ({@link #socketDirectory()}); a relative path is relative to the agent's working
 *     directory. Default {@code ./windlass-data}; the {@code --data-dir} option overrides it.
 * @param metricNaming how the host inputs name their metrics ({@code metric-naming}); null when the
 *     config says nothing, for {@link MetricNaming#defaultFor the sink type's default}
 */
public record AgentSettings(String tag, Path dataDir, @Nullable MetricNaming metricNaming) {

  /** The data directory when the config names none. */
  public static final Path DEFAULT_DATA_DIR = Path.of("./windlass-data");

  /** The spool's directory under the data directory. */
  public static final String SPOOL_DIRECTORY = "spool";

  /** The sockets' directory under the data directory. */
  public static final String SOCKET_DIRECTORY = "run";

  /** The longest tag. */
  public static final int MAX_TAG_LENGTH = 128;

  static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** Checks the tag's syntax. */
  public AgentSettings {
    String problem = tagProblem(tag);
    if (problem != null) {
      throw new IllegalArgumentException("agent tag \"" + tag + "\" " + problem);
    }
    if (dataDir == null) {
      throw new IllegalArgumentException("agent data directory must not be null");
    }
  }

  /** Settings that leave the metric naming to the sink type's default. */
  public AgentSettings(String tag, Path dataDir) {
    this(tag, dataDir, null);
  }

  /** The default tag for a host: {@code agent-} and the host name, other characters as '-'. */
  public static String defaultTag(String hostName) {
    String host = hostName.strip().replaceAll("[^A-Za-z0-9._-]", "-");
    if (host.isEmpty()) {
      host = "localhost";
    }
    String tag = "agent-" + host;
    return tag.length() <= MAX_TAG_LENGTH ? tag : tag.substring(0, MAX_TAG_LENGTH);
  }

  /** Where the spool keeps its batches: {@code <data-dir>/spool}, absolute. */
  public Path spoolDirectory() {
    return dataDir.toAbsolutePath().resolve(SPOOL_DIRECTORY).normalize();
  }

  /** Where the agent's sockets are: {@code <data-dir>/run}, absolute. */
  public Path socketDirectory() {
    return dataDir.toAbsolutePath().resolve(SOCKET_DIRECTORY).normalize();
  }

  /** This section with another data directory. */
  public AgentSettings withDataDir(Path dir) {
    return new AgentSettings(tag, dir, metricNaming);
  }

  /** What is wrong with {@code tag}, or null if nothing is. */
  static String tagProblem(String tag) {
    if (tag == null || tag.isEmpty()) {
      return "must not be empty";
    }
    if (tag.length() > MAX_TAG_LENGTH) {
      return "is longer than " + MAX_TAG_LENGTH + " characters";
    }
    if (!TAG.matcher(tag).matches()) {
      return "must start with a letter or digit and contain only letters, digits, '.', '_' and"
          + " '-'";
    }
    return null;
  }
}
