package io.windlass.engine;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.util.concurrent.AbstractService;
import com.google.inject.Inject;
import com.google.inject.Injector;
import io.windlass.engine.internal.EngineLoop;
import io.windlass.engine.internal.GraphValidator;
import io.windlass.engine.internal.PrivateManifolds;
import io.windlass.engine.internal.StartBindings;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The dependency engine: a Guava {@link com.google.common.util.concurrent.Service} that runs every
 * {@link Manifold} it is given, and those installed later.
 *
 * <p>Get one from Guice with {@link EngineModule} and your {@link ManifoldModule}s, add it to your
 * application's {@code ServiceManager} (or start it yourself), and stop it with the rest:
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new EngineModule(), new SpoolManifoldModule());
 * Engine engine = injector.getInstance(Engine.class);
 * engine.startAsync().awaitRunning();
 * ...
 * engine.stopAsync().awaitTerminated();
 * }</pre>
 *
 * <p>The whole module set is validated when the engine is constructed: every problem at once, in
 * one {@link ManifoldConfigurationException}. Once running, the engine starts each manifold's
 * worker when its inputs run, restarts it with backoff when it fails, bounces its dependents when
 * it starts or stops, and on stop shuts workers down dependents first. It ends FAILED with the
 * worst fatal error if a worker meets one (see {@link EngineConfig#isFatal()}), and TERMINATED
 * otherwise. Each manifold is supervised by a Guava service in a {@code ServiceManager}, whose
 * health and startup timings {@link #isHealthy()}, {@link #awaitHealthy(Duration)} and {@link
 * #startupTimes()} report.
 */
public final class Engine extends AbstractService implements ManifoldInstaller, EngineReporter {

  private final EngineConfig config;
  private final EngineLoop loop;
  private final ManifoldGraph graph;

  /**
   * Validates the manifolds against each other and {@code injector}, the application injector that
   * every worker's child injector descends from.
   *
   * @throws ManifoldConfigurationException listing every problem found
   */
  @Inject
  Engine(Injector injector, Set<Manifold> manifolds, EngineConfig config) {
    this.config = config;
    List<Manifold> initial =
        withoutOverridden(
            ImmutableList.<Manifold>builder()
                .addAll(manifolds)
                .addAll(PrivateManifolds.declaredHere(injector))
                .build());
    StartBindings startBindings = StartBindings.declaredIn(injector);
    GraphValidator.Result validated =
        GraphValidator.validate(injector, startBindings, List.of(), initial, true);
    List<String> problems =
        ImmutableList.<String>builder()
            .addAll(PrivateManifolds.hiddenFrom(injector))
            .addAll(startBindings.problems())
            .addAll(validated.problems())
            .build();
    if (!problems.isEmpty()) {
      throw new ManifoldConfigurationException(problems);
    }
    this.graph =
        new ManifoldGraph(
            validated.added().stream()
                .map(n -> new ManifoldGraph.Node(n.manifold(), n.inputs(), n.inferredKeys()))
                .toList());
    this.loop =
        new EngineLoop(
            injector,
            startBindings,
            config,
            initial,
            validated,
            new EngineLoop.Callbacks() {
              @Override
              public void started() {
                notifyStarted();
              }

              @Override
              public void stopped(@Nullable Throwable error) {
                if (error == null) {
                  notifyStopped();
                } else {
                  notifyFailed(error);
                }
              }
            });
  }

  /**
   * Drops the declarations that an overriding module replaced by name ({@code Modules.override}):
   * those whose {@link ManifoldClaim} Guice never injected, when another declaration of that name
   * has one it did. Declarations without a claim (built by hand) are kept; so is every declaration
   * of a name none of whose claims is bound, so that a name declared twice is still reported.
   */
  private static List<Manifold> withoutOverridden(Collection<Manifold> manifolds) {
    Set<String> claimed = new HashSet<>();
    for (Manifold m : manifolds) {
      ManifoldClaim claim = m.claim();
      if (claim != null && claim.bound()) {
        claimed.add(m.name());
      }
    }
    return manifolds.stream()
        .filter(
            m -> {
              ManifoldClaim claim = m.claim();
              return claim == null || claim.bound() || !claimed.contains(m.name());
            })
        .collect(ImmutableList.toImmutableList());
  }

  /**
   * An engine for code that builds its manifolds by hand. {@code injector} is the parent of every
   * worker's child injector ({@code Guice.createInjector()} will do).
   *
   * @throws ManifoldConfigurationException listing every problem found
   */
  public static Engine create(
      Injector injector, Collection<Manifold> manifolds, EngineConfig config) {
    return new Engine(injector, ImmutableSet.copyOf(manifolds), config);
  }

  @Override
  protected void doStart() {
    loop.start();
  }

  @Override
  protected void doStop() {
    loop.stop();
  }

  /** {@inheritDoc} */
  @Override
  public void install(Manifold manifold) {
    checkAccepting("install \"" + manifold.name() + "\"");
    loop.install(List.of(manifold));
  }

  /** {@inheritDoc} */
  @Override
  public void install(Collection<Manifold> manifolds) {
    List<Manifold> group = List.copyOf(manifolds);
    checkAccepting("install " + group.stream().map(m -> "\"" + m.name() + "\"").toList());
    if (!group.isEmpty()) {
      loop.install(group);
    }
  }

  /** {@inheritDoc} */
  @Override
  public void uninstall(String name) {
    checkAccepting("uninstall \"" + name + "\"");
    loop.uninstall(name);
  }

  private void checkAccepting(String what) {
    State state = state();
    if (state == State.NEW || state == State.STARTING) {
      throw new IllegalStateException(
          "cannot "
              + what
              + ": the engine has not started; declare manifolds in a"
              + " ManifoldModule or install once it runs");
    }
    if (state != State.RUNNING || loop.isDying()) {
      throw new IllegalStateException("cannot " + what + ": engine is shutting down");
    }
  }

  /** {@inheritDoc} */
  @Override
  public EngineReport report() {
    State state = state();
    String word =
        switch (state) {
          case NEW, STARTING -> "starting";
          case RUNNING -> loop.isDying() ? "stopping" : "started";
          case STOPPING -> "stopping";
          case TERMINATED, FAILED -> "stopped";
        };
    // A TERMINATED engine ended cleanly: nothing was fatal, or the engine filter cleared the error.
    Throwable error =
        switch (state) {
          case FAILED -> failureCause();
          case TERMINATED -> null;
          default -> loop.worstError();
        };
    return loop.report(word, error);
  }

  /**
   * The manifolds this engine was built with and their resolved inputs, explicit and inferred.
   * Available from construction on, before the engine starts, and unchanged by its running: the
   * manifolds {@linkplain #install installed} at run time are not in it ({@link #report()} lists
   * them with their inputs).
   */
  public ManifoldGraph graph() {
    return graph;
  }

  /** The config this engine runs with. */
  public EngineConfig config() {
    return config;
  }

  /** How long each manifold took from install to its first running worker. */
  public Map<String, Duration> startupTimes() {
    return loop.startupTimes();
  }

  /**
   * True when the engine has started and every installed manifold's worker has run at least once,
   * and none failed fatally. A manifold uninstalled meanwhile no longer counts, whether or not it
   * ever ran.
   */
  public boolean isHealthy() {
    return loop.isHealthy();
  }

  /**
   * Waits until {@link #isHealthy()}. A manifold uninstalled while this waits stops counting, as it
   * does for {@link #isHealthy()}: the wait goes on for the others and does not fail.
   *
   * @throws TimeoutException if that takes longer than {@code timeout}
   * @throws IllegalStateException if a manifold's supervision failed (a fatal error) or the engine
   *     began stopping meanwhile
   */
  public void awaitHealthy(Duration timeout) throws TimeoutException {
    loop.awaitHealthy(timeout);
  }

  /**
   * Waits until the engine has nothing in hand: no event queued, no start in progress, no worker
   * asked to stop that has not yet stopped, no worker that has ended unnoticed. Timers do not
   * count, so with a manual clock this is the point at which to assert what has (and has not)
   * happened; after {@link #awaitHealthy}, the point at which {@link #report()} no longer shows a
   * worker that ended as it started as running.
   *
   * @return false if {@code timeout} passed first
   */
  public boolean awaitQuiescence(Duration timeout) throws InterruptedException {
    return loop.awaitQuiescence(timeout);
  }

  @Override
  public String toString() {
    return "Engine [" + state() + "]";
  }
}
