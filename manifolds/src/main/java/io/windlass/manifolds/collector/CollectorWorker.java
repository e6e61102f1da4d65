package io.windlass.manifolds.collector;

import com.google.common.util.concurrent.AbstractIdleService;
import com.google.inject.Inject;
import io.windlass.collector.PipelineStats;
import io.windlass.engine.Reporter;
import io.windlass.manifolds.config.AgentConfig;
import io.windlass.manifolds.config.DurationText;
import io.windlass.manifolds.sockets.TriggerTargets;
import io.windlass.manifolds.stats.AgentStats;
import io.windlass.manifolds.stats.InputState;
import io.windlass.manifolds.stats.StatsSlot;
import io.windlass.spool.MetricFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code collector} worker: runs one pipeline per configured input, writing to the spool. The
 * pipelines live in the {@link PipelineRegistry}, which outlives this worker; starting reconciles
 * them with the config's inputs, and stopping leaves them running (for the next start) unless the
 * engine is stopping. While started, {@code collect.sock} runs every pipeline now.
 */
final class CollectorWorker extends AbstractIdleService implements Reporter {
  /** How long stopping waits for the pipelines when the engine stops. */
  static final Duration STOP_WAIT = Duration.ofSeconds(5);

  private final MetricFactory spool;
  private final AgentConfig config;
  private final PipelineRegistry registry;
  private final TriggerTargets targets;
  private final Inputs inputs;
  private final AgentStats stats;
  private StatsSlot<Map<String, InputState>>.@Nullable Publication published;
  private volatile PipelineRegistry.@Nullable Changes changes;
  private TriggerTargets.@Nullable Registration registration;

  @Inject
  CollectorWorker(
      MetricFactory spool,
      AgentConfig config,
      PipelineRegistry registry,
      TriggerTargets targets,
      Inputs inputs,
      AgentStats stats) {
    this.spool = spool;
    this.config = config;
    this.registry = registry;
    this.targets = targets;
    this.inputs = inputs;
    this.stats = stats;
  }

  /** What the last start did to the pipelines. */
  PipelineRegistry.@Nullable Changes changes() {
    return changes;
  }

  @Override
  protected void startUp() {
    registry.attach(spool);
    registry.timeBounds(config.ingest().timeBounds());
    changes = registry.reconcile(config.resolvedInputs(), config.agent().tag(), inputs);
    registration =
        targets.register(
            TriggerTargets.Trigger.COLLECT,
            connection -> registry.collectNow(connection.remaining()));
    published = stats.inputs().publish(this::inputStates);
  }

  /** Per pipeline, by id: its input's type, interval, state and stats. */
  private Map<String, InputState> inputStates() {
    Map<String, InputState> states = new LinkedHashMap<>();
    registry
        .pipelines()
        .forEach(
            (id, pipeline) ->
                states.put(
                    id,
                    new InputState(
                        pipeline.task().inputType(),
                        pipeline.task().interval(),
                        pipeline.state().name().toLowerCase(java.util.Locale.ROOT),
                        pipeline.stats())));
    return states;
  }

  @Override
  protected void shutDown() {
    if (published != null) {
      published.close();
    }
    if (registration != null) {
      registration.close();
    }
    if (registry.engineStopping()) {
      registry.closeAndAwait(STOP_WAIT);
    }
    registry.detach(spool);
  }

  /**
   * Per pipeline, for the engine report: its type, interval, state, counters, health and last error
   * (when its latest run failed). The console and {@code /metrics} read the typed {@link
   * InputState}s instead.
   */
  @Override
  public Map<String, Object> report() {
    Map<String, Object> report = new LinkedHashMap<>();
    registry
        .pipelines()
        .forEach(
            (id, pipeline) -> {
              PipelineStats stats = pipeline.stats();
              Map<String, Object> entry = new LinkedHashMap<>();
              entry.put("type", pipeline.task().inputType());
              entry.put("interval", DurationText.format(pipeline.task().interval()));
              entry.put("state", pipeline.state().name().toLowerCase(java.util.Locale.ROOT));
              entry.put("runs", stats.runs());
              entry.put("batches", stats.batches());
              entry.put("errors", stats.errors());
              entry.put("timeouts", stats.timeouts());
              entry.put("skipped-ticks", stats.skippedTicks());
              entry.put("dropped", stats.droppedValues() + stats.rejectedMetrics());
              entry.put("batch-failures", stats.batchFailures());
              entry.put("health", stats.health().name().toLowerCase(java.util.Locale.ROOT));
              stats.lastError().ifPresent(error -> entry.put("last-error", error.text()));
              report.put(id, entry);
            });
    return report;
  }

  @Override
  protected String serviceName() {
    return "collector";
  }
}
