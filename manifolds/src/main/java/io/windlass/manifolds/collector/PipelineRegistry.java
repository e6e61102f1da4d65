package io.windlass.manifolds.collector;

import static com.google.common.util.concurrent.MoreExecutors.directExecutor;

import com.google.common.collect.ImmutableMap;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.Service;
import com.google.inject.Binding;
import com.google.inject.Inject;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Singleton;
import io.windlass.collector.Pipeline;
import io.windlass.engine.Engine;
import io.windlass.manifolds.config.InputSpec;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricFactory;
import io.windlass.spool.MetricReader;
import io.windlass.spool.MetricRecorder;
import io.windlass.spool.ingest.SampleTimeBounds;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's running pipelines, one per input id. A singleton of the application injector
 * ({@link CollectorManifoldModule} binds it), so it outlives the {@code collector} worker: a config
 * change bounces the worker, and the worker's next start {@linkplain #reconcile reconciles} the
 * pipelines with the new inputs instead of rebuilding them, so an unchanged pipeline keeps running
 * with its phase, counters and input state.
 *
 * <p><b>Spool.</b> The {@code spool} manifold reopens its directory when the config changes, so the
 * pipelines write through a switching {@link MetricFactory}: the worker {@linkplain #attach
 * attaches} the current spool when it starts and {@linkplain #detach detaches} it when it stops
 * (before the spool closes, since dependents stop first). A batch due while no spool is attached
 * fails, and is counted as the pipeline's batch failure.
 *
 * <p><b>Engine stop.</b> The pipelines stop when the engine stops: the registry listens to the
 * engine (when the injector binds one) and stops them all once it is stopping, and the worker, when
 * it stops while the engine is stopping, waits for them before the spool closes. Once closed, the
 * registry starts nothing.
 */
@Singleton
public final class PipelineRegistry {
  private static final Logger log = LoggerFactory.getLogger(PipelineRegistry.class);

  /** What a reconcile did, by input id. */
  public record Changes(
      List<String> kept, List<String> updated, List<String> started, List<String> stopped) {}

  private record Entry(InputSpec spec, String unitTag, Pipeline pipeline) {}

  private final @Nullable Engine engine;
  private final SwitchingFactory spool = new SwitchingFactory();
  private final Map<String, Entry> pipelines = new LinkedHashMap<>();
  private boolean closed;

  @Inject
  PipelineRegistry(Injector injector) {
    Binding<Engine> binding = injector.getExistingBinding(Key.get(Engine.class));
    this.engine = binding == null ? null : binding.getProvider().get();
    if (engine != null) {
      engine.addListener(
          new Service.Listener() {
            @Override
            public void stopping(Service.State from) {
              close();
            }

            @Override
            public void terminated(Service.State from) {
              close();
            }

            @Override
            public void failed(Service.State from, Throwable failure) {
              close();
            }
          },
          directExecutor());
    }
  }

  /** Whether the engine the registry belongs to is stopping or has stopped. */
  boolean engineStopping() {
    if (engine == null) {
      return false;
    }
    Service.State state = engine.state();
    return state == Service.State.STOPPING
        || state == Service.State.TERMINATED
        || state == Service.State.FAILED;
  }

  /** What the pipelines write to: the attached spool. */
  MetricFactory spool() {
    return spool;
  }

  /** Pipelines write to {@code factory} from now on. */
  void attach(MetricFactory factory) {
    spool.target = factory;
  }

  /**
   * Pipelines write samples stamped within {@code bounds} of the system clock from now on, and
   * count the others as rejected.
   */
  void timeBounds(SampleTimeBounds bounds) {
    spool.timeBounds = bounds;
  }

  /** Pipelines stop writing to {@code factory}, if it is the attached one. */
  void detach(MetricFactory factory) {
    if (spool.target == factory) {
      spool.target = null;
    }
  }

  /**
   * Makes the running pipelines match {@code specs}: a pipeline whose spec and unit tag are
   * unchanged keeps running; one whose spec changed but not its type is updated in place ({@link
   * Pipeline#update}: from its next tick, keeping its phase if the schedule is the same); one whose
   * type or unit tag changed, or that is no longer running, is replaced; one whose id is gone is
   * stopped; new ids are started.
   *
   * @throws IllegalStateException if the registry is closed (the engine is stopping)
   */
  synchronized Changes reconcile(List<InputSpec> specs, String unitTag, Inputs inputs) {
    if (closed) {
      throw new IllegalStateException("the engine is stopping; no pipeline is started");
    }
    List<String> kept = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    List<String> started = new ArrayList<>();
    List<String> stopped = new ArrayList<>();
    Map<String, InputSpec> wanted = new LinkedHashMap<>();
    for (InputSpec spec : specs) {
      wanted.put(spec.id(), spec);
    }
    for (String id : List.copyOf(pipelines.keySet())) {
      if (!wanted.containsKey(id)) {
        pipelines.remove(id).pipeline().stopAsync();
        stopped.add(id);
      }
    }
    Map<String, Entry> next = new LinkedHashMap<>();
    for (InputSpec spec : wanted.values()) {
      Entry entry = pipelines.get(spec.id());
      boolean running = entry != null && entry.pipeline().isRunning();
      if (running && entry.spec().equals(spec) && entry.unitTag().equals(unitTag)) {
        next.put(spec.id(), entry);
        kept.add(spec.id());
      } else if (running
          && entry.spec().type().equals(spec.type())
          && entry.unitTag().equals(unitTag)) {
        entry.pipeline().update(Inputs.task(spec), inputs.create(spec));
        next.put(spec.id(), new Entry(spec, unitTag, entry.pipeline()));
        updated.add(spec.id());
      } else {
        if (entry != null) {
          entry.pipeline().stopAsync();
        }
        Pipeline pipeline = new Pipeline(Inputs.task(spec), inputs.create(spec), spool, unitTag);
        pipeline.startAsync();
        next.put(spec.id(), new Entry(spec, unitTag, pipeline));
        started.add(spec.id());
      }
    }
    pipelines.clear();
    pipelines.putAll(next);
    Changes changes = new Changes(kept, updated, started, stopped);
    log.info(
        "pipelines: {} kept, {} updated, {} started, {} stopped", kept, updated, started, stopped);
    return changes;
  }

  /** The running pipelines, by input id. */
  synchronized Map<String, Pipeline> pipelines() {
    Map<String, Pipeline> result = new LinkedHashMap<>();
    pipelines.forEach((id, entry) -> result.put(id, entry.pipeline()));
    return ImmutableMap.copyOf(result);
  }

  /**
   * Runs every pipeline now and waits until each has written its batch, at most {@code within}.
   *
   * @throws IllegalStateException if no pipeline is running
   */
  void collectNow(Duration within) throws Exception {
    List<ListenableFuture<?>> runs = new ArrayList<>();
    for (Pipeline pipeline : pipelines().values()) {
      runs.add(pipeline.collectNow());
    }
    if (runs.isEmpty()) {
      throw new IllegalStateException("no input is configured");
    }
    try {
      Futures.allAsList(runs).get(Math.max(0, within.toNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new TimeoutException("the inputs did not finish within " + within);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** Stops every pipeline and starts no more; idempotent. */
  void close() {
    List<Pipeline> stopping;
    synchronized (this) {
      closed = true;
      stopping = new ArrayList<>();
      for (Entry entry : pipelines.values()) {
        stopping.add(entry.pipeline());
      }
      pipelines.clear();
      allStopping.addAll(stopping);
    }
    stopping.forEach(Pipeline::stopAsync);
  }

  private final Set<Pipeline> allStopping = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Closes, then waits up to {@code timeout} for every pipeline to stop. */
  void closeAndAwait(Duration timeout) {
    close();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Pipeline pipeline : allStopping) {
      try {
        pipeline.awaitTerminated(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | IllegalStateException e) {
        log.warn("{} did not stop within {}", pipeline, timeout);
      }
    }
  }

  /** Writes to whichever spool is attached. */
  private static final class SwitchingFactory implements MetricFactory {
    volatile @Nullable MetricFactory target;
    volatile SampleTimeBounds timeBounds = SampleTimeBounds.defaults();

    private MetricFactory target() throws IOException {
      MetricFactory current = target;
      if (current == null) {
        throw new IOException("the spool is not open (the collector is restarting)");
      }
      return current;
    }

    @Override
    public MetricRecorder recorder(DeclaredMetrics declared, String charmUrl, String unitTag)
        throws IOException {
      return new TimeBoundedRecorder(
          target().recorder(declared, charmUrl, unitTag), timeBounds, Clock.systemUTC());
    }

    @Override
    public MetricReader reader() throws IOException {
      return target().reader();
    }
  }
}
