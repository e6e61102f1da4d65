package io.windlass.manifolds.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the {@code inputs} section: an input to run in its own pipeline.
 *
 * <pre>{@code
 * inputs:
 *   - {type: cpu, interval: 10s, per-cpu: true}
 *   - {type: disk, mounts: [/, /data]}
 *   - {type: dialcheck, id: db-port, host: db.local, port: 5432, timeout: 2s}
 *   - {type: exec, command: [/usr/local/bin/probe, --all], format: influx}
 *   - {type: prometheus, id: node, url: "http://127.0.0.1:9100/metrics"}
 *   - {type: prometheus, id: push, url: "http://127.0.0.1:9091/metrics", honor-labels: true}
 * }</pre>
 *
 * @param id names the pipeline: {@code id} if written, else {@code type}; unique in the section
 * @param type one of {@link #TYPES}
 * @param interval how often to collect (default 10s)
 * @param offset where in the interval the window starts (default 0s; less than the interval)
 * @param timeout how long one collect may take (default the shorter of 5s and the interval); for
 *     dialcheck it is the connect timeout, for exec and prometheus the command's or scrape's
 * @param tags added to every metric of the input (default none)
 * @param prefix prepended to every metric name; null for the input's own default
 * @param settings the type's own keys
 * @param metricNaming how a host input names its metrics ({@code metric-naming}); null for the
 *     agent's ({@link AgentConfig#metricNaming()}); always null for other types
 */
public record InputSpec(
    String id,
    String type,
    Duration interval,
    Duration offset,
    Duration timeout,
    Map<String, String> tags,
    @Nullable String prefix,
    InputSettings settings,
    @Nullable MetricNaming metricNaming) {

  /** The host inputs, which read {@code /proc} and take no required keys. */
  public static final List<String> HOST_TYPES =
      List.of("cpu", "mem", "swap", "load", "disk", "diskio", "net", "netstat", "processes");

  /** Every input type. */
  public static final List<String> TYPES =
      List.of(
          "cpu",
          "mem",
          "swap",
          "load",
          "disk",
          "diskio",
          "net",
          "netstat",
          "processes",
          "dialcheck",
          "exec",
          "prometheus");

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** Checks and copies. */
  public InputSpec {
    requireNonNull(id, "id");
    requireNonNull(type, "type");
    requireNonNull(interval, "interval");
    requireNonNull(offset, "offset");
    requireNonNull(timeout, "timeout");
    requireNonNull(settings, "settings");
    tags = Map.copyOf(requireNonNull(tags, "tags"));
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("unknown input type " + type);
    }
    if (metricNaming != null && !HOST_TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "input " + id + ": metric-naming applies to host inputs only, not " + type);
    }
  }

  /** An input that names its metrics as the agent says, if it is a host input. */
  public InputSpec(
      String id,
      String type,
      Duration interval,
      Duration offset,
      Duration timeout,
      Map<String, String> tags,
      @Nullable String prefix,
      InputSettings settings) {
    this(id, type, interval, offset, timeout, tags, prefix, settings, null);
  }

  /** Whether this is a host input, one whose metrics {@link MetricNaming} names. */
  public boolean isHost() {
    return HOST_TYPES.contains(type);
  }

  /** This input with {@code naming}; only for a host input. */
  public InputSpec withMetricNaming(MetricNaming naming) {
    return new InputSpec(id, type, interval, offset, timeout, tags, prefix, settings, naming);
  }

  /** A host input with every default. */
  public static InputSpec host(String type) {
    InputSettings settings =
        switch (type) {
          case "cpu" -> new InputSettings.Cpu(false);
          case "disk" -> new InputSettings.Disk(List.of());
          case "net" -> new InputSettings.Net(List.of());
          default -> new InputSettings.None();
        };
    return new InputSpec(
        type, type, DEFAULT_INTERVAL, Duration.ZERO, DEFAULT_TIMEOUT, Map.of(), null, settings);
  }

  /** The section's default: every host input, every 10 s. */
  public static List<InputSpec> defaults() {
    return HOST_TYPES.stream().map(InputSpec::host).toList();
  }
}
