package io.windlass.manifolds.config;

import io.windlass.manifolds.demo.DemoSettings;
import java.nio.file.Path;
import java.util.List;

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
 *   metric-naming: node-exporter # or windlass; default: windlass for sink.type json
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
 * inputs:                       # leave out for the host inputs every 10s; [] for none
 *   - {type: cpu, interval: 10s, offset: 0s, timeout: 5s, tags: {env: prod}, per-cpu: true}
 *   - {type: mem, id: mem-legacy, metric-naming: windlass}   # a host input's own naming
 *   - {type: dialcheck, id: db-port, host: db.local, port: 5432}
 * sink:                         # leave out to only spool
 *   type: prometheus-remote-write
 *   url: http://127.0.0.1:9090/api/v1/write
 * status:
 *   listen: 127.0.0.1:9465
 * ingest:
 *   timestamps: {max-ahead: 10m, max-behind: 7d}   # default max-behind: spool.max-age
 * modules:                      # extra manifold modules, by class name
 *   - com.example.MyManifoldModule
 * demo:                         # the demo manifolds of run --demo
 *   tick-interval: 1s
 *   fail-every: 3               # ticker fails at its 3rd tick; default 0: never
 * }</pre>
 *
 * @param agent the {@code agent} section
 * @param spool the {@code spool} section
 * @param sockets the {@code sockets} section
 * @param inputs the {@code inputs} section, each id unique ({@link InputSpec})
 * @param sink the {@code sink} section ({@link SinkSettings}; no URL means no sender)
 * @param status the {@code status} section ({@link StatusSettings})
 * @param modules the {@code modules} section: class names of extra manifold modules, in order
 * @param ingest the {@code ingest} section ({@link IngestSettings})
 * @param demo the {@code demo} section ({@link DemoSettings}), used only with {@code run --demo}
 */
public record AgentConfig(
    AgentSettings agent,
    SpoolSettings spool,
    SocketSettings sockets,
    List<InputSpec> inputs,
    SinkSettings sink,
    StatusSettings status,
    List<String> modules,
    IngestSettings ingest,
    DemoSettings demo) {

  /** Checks that every section is present. */
  public AgentConfig {
    if (demo == null
        || ingest == null
        || agent == null
        || spool == null
        || sockets == null
        || inputs == null
        || sink == null
        || status == null
        || modules == null) {
      throw new IllegalArgumentException("every section of an agent config must be present");
    }
    inputs = List.copyOf(inputs);
    modules = List.copyOf(modules);
  }

  /** A config with the given sections and the default {@code demo} section. */
  public AgentConfig(
      AgentSettings agent,
      SpoolSettings spool,
      SocketSettings sockets,
      List<InputSpec> inputs,
      SinkSettings sink,
      StatusSettings status,
      List<String> modules,
      IngestSettings ingest) {
    this(agent, spool, sockets, inputs, sink, status, modules, ingest, DemoSettings.defaults());
  }

  /** A config with the given sections and the default {@code ingest} section for its spool. */
  public AgentConfig(
      AgentSettings agent,
      SpoolSettings spool,
      SocketSettings sockets,
      List<InputSpec> inputs,
      SinkSettings sink,
      StatusSettings status,
      List<String> modules) {
    this(
        agent,
        spool,
        sockets,
        inputs,
        sink,
        status,
        modules,
        IngestSettings.defaults(spool == null ? SpoolSettings.DEFAULT_MAX_AGE : spool.maxAge()));
  }

  /** A config with the default inputs, no sink, the default status server and no modules. */
  public AgentConfig(AgentSettings agent, SpoolSettings spool, SocketSettings sockets) {
    this(
        agent,
        spool,
        sockets,
        InputSpec.defaults(),
        SinkSettings.defaults(),
        StatusSettings.defaults(),
        List.of());
  }

  /**
   * How the host inputs name their metrics unless one says otherwise: {@code agent.metric-naming},
   * or else {@link MetricNaming#defaultFor the default for the sink's type}.
   */
  public MetricNaming metricNaming() {
    return agent.metricNaming() != null
        ? agent.metricNaming()
        : MetricNaming.defaultFor(sink.type());
  }

  /**
   * The inputs, each host input with the naming it uses ({@link #metricNaming()} unless its own).
   */
  public List<InputSpec> resolvedInputs() {
    return inputs.stream()
        .map(
            spec ->
                spec.isHost() && spec.metricNaming() == null
                    ? spec.withMetricNaming(metricNaming())
                    : spec)
        .toList();
  }

  /** This config with {@code agent.data-dir} set to {@code dir}. */
  public AgentConfig withDataDir(Path dir) {
    return new AgentConfig(
        agent.withDataDir(dir), spool, sockets, inputs, sink, status, modules, ingest, demo);
  }

  /** This config with other inputs. */
  public AgentConfig withInputs(List<InputSpec> newInputs) {
    return new AgentConfig(agent, spool, sockets, newInputs, sink, status, modules, ingest, demo);
  }

  /** This config with another sink. */
  public AgentConfig withSink(SinkSettings newSink) {
    return new AgentConfig(agent, spool, sockets, inputs, newSink, status, modules, ingest, demo);
  }

  /** This config with other ingest settings. */
  public AgentConfig withIngest(IngestSettings newIngest) {
    return new AgentConfig(agent, spool, sockets, inputs, sink, status, modules, newIngest, demo);
  }

  /** This config with other status server settings. */
  public AgentConfig withStatus(StatusSettings newStatus) {
    return new AgentConfig(agent, spool, sockets, inputs, sink, newStatus, modules, ingest, demo);
  }
}
