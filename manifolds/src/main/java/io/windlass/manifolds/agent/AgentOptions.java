package io.windlass.manifolds.agent;

import io.windlass.manifolds.config.AgentConfig;
import io.windlass.manifolds.config.SinkSettings;
import io.windlass.manifolds.config.SinkType;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the command line tells the {@code agent} manifold: where its config file is, and what
 * overrides the file.
 *
 * @param configFile the YAML config to read and watch; empty to run on the defaults alone
 * @param dataDir overrides {@code agent.data-dir} from the file (or the default)
 * @param sink overrides {@code sink.type} and {@code sink.url} from the file (or the default); the
 *     file's other {@code sink} settings stay
 * @param listen overrides {@code status.listen} from the file (or the default); the file's other
 *     {@code status} settings stay
 */
public record AgentOptions(
    Optional<Path> configFile,
    Optional<Path> dataDir,
    Optional<SinkOverride> sink,
    Optional<InetSocketAddress> listen) {

  /**
   * Where the sender sends, from the command line.
   *
   * @param type the protocol
   * @param url the endpoint, an http or https URL with a host
   */
  public record SinkOverride(SinkType type, URI url) {
    /** Checks the URL ({@link SinkSettings#checkUrl}). */
    public SinkOverride {
      if (type == null) {
        throw new IllegalArgumentException("sink type must not be null");
      }
      SinkSettings.checkUrl(url);
    }
  }

  /** Checks that no field is null. */
  public AgentOptions {
    if (configFile == null || dataDir == null || sink == null || listen == null) {
      throw new IllegalArgumentException("agent options must not be null; use Optional.empty()");
    }
  }

  /** Options without a sink or listen override. */
  public AgentOptions(Optional<Path> configFile, Optional<Path> dataDir) {
    this(configFile, dataDir, Optional.empty(), Optional.empty());
  }

  /** No config file and no overrides: the agent runs on the defaults. */
  public static AgentOptions none() {
    return new AgentOptions(Optional.empty(), Optional.empty());
  }

  /** Options from nullable values, as a command line parser leaves them. */
  public static AgentOptions of(@Nullable Path configFile, @Nullable Path dataDir) {
    return new AgentOptions(Optional.ofNullable(configFile), Optional.ofNullable(dataDir));
  }

  /** These options, sending to {@code url} with {@code type} whatever the config says. */
  public AgentOptions withSink(SinkType type, URI url) {
    return new AgentOptions(configFile, dataDir, Optional.of(new SinkOverride(type, url)), listen);
  }

  /** These options, serving the status server on {@code address} whatever the config says. */
  public AgentOptions withListen(InetSocketAddress address) {
    return new AgentOptions(configFile, dataDir, sink, Optional.of(address));
  }

  /**
   * {@code config} with these options' overrides applied.
   *
   * @throws IllegalArgumentException the config cannot take an override: a {@code listen} address
   *     that is not loopback, and the config has no {@code status.token}
   */
  public AgentConfig applyTo(AgentConfig config) {
    AgentConfig withDir = dataDir.map(config::withDataDir).orElse(config);
    AgentConfig withSink =
        sink.map(
                override ->
                    withDir.withSink(withDir.sink().withUrl(override.type(), override.url())))
            .orElse(withDir);
    return listen
        .map(address -> withSink.withStatus(withSink.status().withListen(address)))
        .orElse(withSink);
  }
}
