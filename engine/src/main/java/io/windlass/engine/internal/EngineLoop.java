package io.windlass.engine.internal;

import com.google.common.base.Throwables;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.Service;
import com.google.common.util.concurrent.ServiceManager;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.google.common.util.concurrent.Uninterruptibles;
import com.google.inject.Injector;
import io.windlass.engine.BounceException;
import io.windlass.engine.EngineConfig;
import io.windlass.engine.EngineReport;
import io.windlass.engine.EngineSignal;
import io.windlass.engine.Manifold;
import io.windlass.engine.ManifoldConfigurationException;
import io.windlass.engine.ManifoldReport;
import io.windlass.engine.MissingInputException;
import io.windlass.engine.Reporter;
import io.windlass.engine.UninstallException;
import io.windlass.engine.WorkerStuckException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's state machine. Every change of state happens on one loop thread, in response to one
 * {@link LoopEvent} at a time; methods marked "loop-only" run nowhere else. Starts run on start
 * threads, stops are requested off the loop, and delays and stop timeouts are clock timers that
 * post events, so the loop never blocks on a worker. Readers (the report, health) see immutable
 * snapshots published after each change.
 */
public final class EngineLoop {

  /** What the loop tells its engine: in order, never on the loop thread. */
  public interface Callbacks {
    /** The initial manifolds are installed and starting. */
    void started();

    /** Every worker has stopped; {@code error} is what the engine ends with, or null. */
    void stopped(@Nullable Throwable error);
  }

  private static final Logger log = LoggerFactory.getLogger("io.windlass.engine.Engine");
  private static final AtomicInteger ENGINES = new AtomicInteger();

  /**
   * How long an idle start thread is kept. Starts and stops come in bursts (boot, a bounce, a
   * shutdown) and are rare in between, so an engine at rest keeps none.
   */
  static final Duration START_THREAD_KEEP_ALIVE = Duration.ofSeconds(2);

  private final Injector injector;
  private final StartBindings startBindings;
  private final EngineConfig config;
  private final Callbacks callbacks;
  private final List<Manifold> initial;
  private final GraphValidator.Result initialGraph;
  private final ExecutorService threads;
  // Runs the callbacks in order, off the loop: they complete the engine's own state change, whose
  // listeners are user code that may call back into the engine.
  private final Executor notifier;
  private final WorkerFactory workers;
  private final String threadName;

  // The queue, and what quiescence needs, under one lock.
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Condition quiet = lock.newCondition();
  private final ArrayDeque<LoopEvent> queue = new ArrayDeque<>();
  private boolean quiescent;
  private boolean closed;
  // Calls to a new worker's startAsync still in progress on a start thread.
  private int startAsyncCalls;
  // The loop has handled everything it took and has no slot waiting on a thread or worker.
  private boolean loopIdle;
  private volatile @Nullable Thread thread;

  // Loop-only state.
  private final Map<String, WorkerSlot> slots = new LinkedHashMap<>();
  private final Map<String, Set<String>> dependents = new HashMap<>();
  private boolean dying;
  // While dying: the slots advanceShutdown() has not yet asked to stop, and those not yet seen
  // stopped by allStopped().
  private @Nullable Set<WorkerSlot> notYetStopping;
  private @Nullable Set<WorkerSlot> notYetStopped;
  private @Nullable Throwable worstError;
  private int busy;

  // Published for readers.
  private final ConcurrentHashMap<String, View> views = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<ServiceManager> supervisorGroups =
      new CopyOnWriteArrayList<>();
  private volatile boolean dyingView;
  private volatile boolean closedView;
  private volatile @Nullable Throwable errorView;
  // Open once the initial manifolds' supervisors exist: no engine is healthy before that.
  private final CountDownLatch booted = new CountDownLatch(1);

  /** What a reader sees of one manifold: the report without the worker's map, and the worker. */
  private record View(ManifoldReport report, @Nullable Service worker) {}

  public EngineLoop(
      Injector injector,
      StartBindings startBindings,
      EngineConfig config,
      List<Manifold> initial,
      GraphValidator.Result initialGraph,
      Callbacks callbacks) {
    this.injector = injector;
    this.startBindings = startBindings;
    this.config = config;
    this.initial = ImmutableList.copyOf(initial);
    this.initialGraph = initialGraph;
    this.callbacks = callbacks;
    int id = ENGINES.incrementAndGet();
    this.threadName = "windlass-engine-" + id;
    this.threads =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            START_THREAD_KEEP_ALIVE.toMillis(),
            TimeUnit.MILLISECONDS,
            new SynchronousQueue<>(),
            new ThreadFactoryBuilder()
                .setNameFormat(threadName + "-start-%d")
                .setDaemon(true)
                .build());
    this.notifier = MoreExecutors.newSequentialExecutor(threads);
    this.workers =
        new WorkerFactory(
            injector, startBindings, this::post, this::startAsyncEntered, this::startAsyncReturned);
  }

  // ---------------------------------------------------------------- any thread

  /** Starts the loop thread; it installs the initial manifolds first. */
  public void start() {
    Thread t = new Thread(this::run, threadName);
    t.setDaemon(true);
    thread = t;
    post(new LoopEvent.Boot(initial, initialGraph));
    t.start();
  }

  /** Asks the loop to stop every worker, dependents first, and then end. */
  public void stop() {
    post(new LoopEvent.Kill());
  }

  /** Installs at run time, all or none; blocks until the loop has accepted or rejected them. */
  public void install(List<Manifold> manifolds) {
    CompletableFuture<Void> reply = new CompletableFuture<>();
    checkNotLoop("install");
    post(new LoopEvent.Install(ImmutableList.copyOf(manifolds), reply));
    join(reply);
  }

  /** Uninstalls at run time; blocks until the manifold is gone. */
  public void uninstall(String name) {
    CompletableFuture<Void> reply = new CompletableFuture<>();
    checkNotLoop("uninstall");
    post(new LoopEvent.Uninstall(name, reply));
    join(reply);
  }

  /** True once the engine has been asked to stop or has met a fatal error. */
  public boolean isDying() {
    return dyingView;
  }

  /** The error the engine is ending with, after the engine filter; null if none. */
  public @Nullable Throwable worstError() {
    return errorView;
  }

  /** Every installed manifold's report; worker reports are asked for on this thread. */
  public EngineReport report(String state, @Nullable Throwable engineError) {
    Map<String, ManifoldReport> manifolds = new LinkedHashMap<>();
    views.forEach(
        (name, view) -> {
          ManifoldReport report = view.report();
          if (view.worker() instanceof Reporter reporter) {
            Map<String, Object> own;
            try {
              own = reporter.report();
            } catch (RuntimeException e) {
              own = Map.of("error", "report failed: " + e);
            }
            report =
                new ManifoldReport(
                    report.state(),
                    report.inputs(),
                    report.startCount(),
                    report.started(),
                    report.error(),
                    own == null ? Map.of() : own);
          }
          manifolds.put(name, report);
        });
    return new EngineReport(state, engineError == null ? null : describe(engineError), manifolds);
  }

  /** How long each manifold took from install to its first running worker. */
  public ImmutableMap<String, Duration> startupTimes() {
    ImmutableMap.Builder<String, Duration> times = ImmutableMap.builder();
    // Each supervisor times itself: the manager's own timings are recorded by a listener that may
    // run after awaitRunning has returned.
    for (ServiceManager group : supervisorGroups) {
      for (Service service : group.servicesByState().values()) {
        Supervisor supervisor = (Supervisor) service;
        Duration startup = supervisor.startup();
        if (startup != null && supervisor.state() == Service.State.RUNNING) {
          times.put(supervisor.manifold(), startup);
        }
      }
    }
    return times.buildKeepingLast();
  }

  /**
   * True once booted, when every installed manifold's worker has run at least once and none failed.
   */
  public boolean isHealthy() {
    if (booted.getCount() != 0 || dyingView || closedView) {
      return false;
    }
    for (ServiceManager group : supervisorGroups) {
      for (Service supervisor : group.servicesByState().values()) {
        // A TERMINATED supervisor's manifold was uninstalled: it no longer counts.
        if (supervisor.state() != Service.State.RUNNING
            && supervisor.state() != Service.State.TERMINATED) {
          return false;
        }
      }
    }
    return true;
  }

  /** Waits until {@link #isHealthy()}. */
  public void awaitHealthy(Duration timeout) throws TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (!Uninterruptibles.awaitUninterruptibly(booted, timeout)) {
      throw new TimeoutException("the engine did not start within " + Durations.format(timeout));
    }
    for (ServiceManager group : supervisorGroups) {
      for (Service supervisor : group.servicesByState().values()) {
        try {
          supervisor.awaitRunning(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        } catch (IllegalStateException ended) {
          if (supervisor.state() != Service.State.TERMINATED) {
            throw new IllegalStateException(supervisor + " failed", ended);
          }
          // Uninstalled meanwhile: no longer counts.
        } catch (TimeoutException e) {
          throw new TimeoutException(
              "not every manifold has run within " + Durations.format(timeout) + ": " + supervisor);
        }
      }
    }
    if (dyingView) {
      throw new IllegalStateException("the engine is stopping");
    }
  }

  /**
   * Waits until the loop has nothing to do: no event queued, no start in progress, no worker asked
   * to stop that has not yet stopped, and no running worker that has ended (or begun ending on its
   * own) without the loop having handled it yet. Pending timers do not count: on a manual clock
   * they wait for the test to advance it.
   *
   * <p>The last condition matters because a worker that ends is in its final state before its
   * listener has posted the event: Guava hands the listener call to whichever thread is already
   * delivering that listener's events, so the thread that ended the worker may return first.
   */
  public boolean awaitQuiescence(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      // Such a worker's end is posted under this lock once Guava delivers it, and the loop
      // signals once it has handled it, so waiting on the condition sees it through.
      while (!quiescent || workerEndInFlight()) {
        if (nanos <= 0) {
          return false;
        }
        nanos = quiet.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** True if a worker the loop considers running has ended or is ending on its own. */
  private boolean workerEndInFlight() {
    for (View view : views.values()) {
      Service worker = view.worker();
      if (worker != null
          && "started".equals(view.report().state())
          && worker.state() != Service.State.RUNNING) {
        return true;
      }
    }
    return false;
  }

  void post(LoopEvent event) {
    lock.lock();
    try {
      if (closed) {
        reject(event);
        return;
      }
      queue.add(event);
      quiescent = false;
      wake.signal();
    } finally {
      lock.unlock();
    }
  }

  private static void reject(LoopEvent event) {
    IllegalStateException stopped = new IllegalStateException("engine is shutting down");
    if (event instanceof LoopEvent.Install i) {
      i.reply().completeExceptionally(stopped);
    } else if (event instanceof LoopEvent.Uninstall u && u.reply() != null) {
      u.reply().completeExceptionally(stopped);
    }
  }

  private void checkNotLoop(String what) {
    if (Thread.currentThread() == thread) {
      throw new IllegalStateException(
          what + " must not be called on the engine loop (from a filter, isFatal or worstError)");
    }
  }

  private static void join(CompletableFuture<Void> reply) {
    try {
      reply.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the engine", e);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwables.throwIfUnchecked(e.getCause());
      throw new IllegalStateException(e.getCause());
    }
  }

  // ---------------------------------------------------------------- the loop

  private void run() {
    while (true) {
      LoopEvent event = take();
      try {
        handle(event);
        if (dying) {
          advanceShutdown();
        }
      } catch (RuntimeException | Error e) {
        log.error("engine loop failed handling {}; stopping the engine", event, e);
        recordFatal(e);
        advanceShutdown();
      }
      if (dying && allStopped()) {
        finish();
        return;
      }
      lock.lock();
      try {
        loopIdle = busy == 0;
        markQuiescentIfIdle();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Called with {@link #lock} held. */
  private void markQuiescentIfIdle() {
    if (loopIdle && queue.isEmpty() && startAsyncCalls == 0) {
      quiescent = true;
      quiet.signalAll();
    }
  }

  private LoopEvent take() {
    lock.lock();
    try {
      while (queue.isEmpty()) {
        wake.awaitUninterruptibly();
      }
      loopIdle = false;
      return queue.poll();
    } finally {
      lock.unlock();
    }
  }

  /** Loop-only. */
  private void handle(LoopEvent event) {
    if (event instanceof LoopEvent.StartDue e) {
      onStartDue(e.ticket());
    } else if (event instanceof LoopEvent.WorkerRunning e) {
      onRunning(e.ticket());
    } else if (event instanceof LoopEvent.WorkerEnded e) {
      onEnded(e.ticket(), e.error());
    } else if (event instanceof LoopEvent.StopTimedOut e) {
      onStopTimedOut(e.ticket());
    } else if (event instanceof LoopEvent.Install e) {
      onInstall(e.manifolds(), e.reply());
    } else if (event instanceof LoopEvent.Uninstall e) {
      onUninstall(e.name(), e.reply());
    } else if (event instanceof LoopEvent.Kill) {
      kill();
    } else if (event instanceof LoopEvent.Boot e) {
      onBoot(e.graph());
    }
  }

  /** Loop-only. */
  private void onBoot(GraphValidator.Result graph) {
    List<WorkerSlot> added = new ArrayList<>();
    for (GraphValidator.Node node : graph.added()) {
      added.add(addSlot(node));
    }
    startGroup(added);
    booted.countDown();
    notifier.execute(callbacks::started);
    for (WorkerSlot slot : added) {
      requestStart(slot, Duration.ZERO);
    }
  }

  /** Loop-only. */
  private void onInstall(List<Manifold> manifolds, CompletableFuture<Void> reply) {
    if (dying) {
      reply.completeExceptionally(new IllegalStateException("engine is shutting down"));
      return;
    }
    List<GraphValidator.Node> installed = new ArrayList<>();
    slots.values().forEach(s -> installed.add(s.node));
    GraphValidator.Result result =
        GraphValidator.validate(injector, startBindings, installed, manifolds, false);
    if (!result.problems().isEmpty()) {
      reply.completeExceptionally(new ManifoldConfigurationException(result.problems()));
      return;
    }
    for (GraphValidator.Node node : result.updated()) {
      reanalysed(node);
    }
    List<WorkerSlot> added = new ArrayList<>();
    for (GraphValidator.Node node : result.added()) {
      WorkerSlot slot = addSlot(node);
      added.add(slot);
      log.debug("installed manifold \"{}\" with inputs {}", slot.name(), slot.inputs);
    }
    startGroup(added);
    for (WorkerSlot slot : added) {
      requestStart(slot, Duration.ZERO);
    }
    reply.complete(null);
  }

  /**
   * Loop-only: an installed manifold analysed again, because a new manifold exposes a key its
   * worker awaited. It gains that manifold as an input, so the new manifold's start starts it.
   */
  private void reanalysed(GraphValidator.Node node) {
    WorkerSlot slot = slots.get(node.name());
    for (String input : node.inputs()) {
      dependents.computeIfAbsent(input, k -> new LinkedHashSet<>()).add(slot.name());
    }
    slot.node = node;
    slot.inputs = node.inputs();
    publish(slot);
    log.debug("manifold \"{}\" now has inputs {}", slot.name(), slot.inputs);
  }

  /** Loop-only. */
  private void onUninstall(String name, @Nullable CompletableFuture<Void> reply) {
    WorkerSlot slot = slots.get(name);
    if (slot == null) {
      if (reply != null) {
        reply.completeExceptionally(
            new IllegalArgumentException("no manifold \"" + name + "\" is installed"));
      }
      return;
    }
    if (reply != null) {
      slot.uninstallWaiters.add(reply);
    }
    slot.uninstallRequested = true;
    if (slot.phase == WorkerSlot.Phase.STOPPED) {
      removeSlot(slot);
    } else {
      requestStop(slot);
    }
  }

  /** Loop-only. */
  private void onStartDue(StartTicket ticket) {
    WorkerSlot slot = current(ticket);
    if (slot != null && slot.phase == WorkerSlot.Phase.WAITING) {
      ticket.delayTimer = null;
      dispatch(slot);
    }
  }

  /** Loop-only. */
  private void onRunning(StartTicket ticket) {
    WorkerSlot slot = current(ticket);
    Service worker = ticket.worker();
    if (slot == null || worker == null) {
      // An abandoned attempt's worker came up after all; it is not wanted.
      if (worker != null) {
        threads.execute(worker::stopAsync);
      }
      return;
    }
    if (slot.stopRequested || dying) {
      // No longer required (Juju's "no longer required"); abort() has asked it to stop.
      threads.execute(worker::stopAsync);
      return;
    }
    boolean wasBusy = slot.busy();
    slot.phase = WorkerSlot.Phase.RUNNING;
    slot.worker = worker;
    slot.startCount++;
    slot.started = config.clock().now();
    slot.startedNanos = config.clock().nanoTime();
    slot.error = null;
    settle(slot, wasBusy);
    slot.supervisor.markRunning();
    log.debug("manifold \"{}\" started (start {})", slot.name(), slot.startCount);
    bounceDependents(slot.name());
  }

  /** Loop-only. */
  private void onEnded(StartTicket ticket, @Nullable Throwable error) {
    WorkerSlot slot = current(ticket);
    if (slot == null) {
      log.debug("{}: an abandoned worker ended: {}", ticket.manifold, String.valueOf(error));
      return;
    }
    finishAttempt(slot, ticket, error, false);
  }

  /** Loop-only. */
  private void onStopTimedOut(StartTicket ticket) {
    WorkerSlot slot = current(ticket);
    if (slot == null || !slot.stopRequested) {
      return;
    }
    ticket.stopTimer = null;
    log.warn(
        "manifold \"{}\": worker did not stop within {}; abandoning it",
        slot.name(),
        Durations.format(config.stopTimeout()));
    finishAttempt(slot, ticket, null, true);
  }

  /**
   * Loop-only: the attempt on {@code slot} is over. Interprets the error as Juju does: a worker we
   * stopped is restarted after the bounce delay; otherwise completion and missing inputs wait for
   * an input to change, a bounce restarts, an uninstall removes, and any other error restarts after
   * the backoff delay. Dependents are bounced if the worker had been running.
   */
  private void finishAttempt(
      WorkerSlot slot, StartTicket ticket, @Nullable Throwable rawError, boolean stuck) {
    ticket.cancelTimers();
    boolean wasBusy = slot.busy();
    boolean wasRunning = slot.worker != null;
    boolean wasStopRequested = slot.stopRequested;
    boolean aborted = ticket.isAborted() && !wasRunning && !stuck;
    Throwable error = aborted ? null : rawError;
    if (stuck) {
      error = new WorkerStuckException(slot.name(), config.stopTimeout());
    }

    if (error != null && !stuck) {
      error = applyFilter(slot, error);
      if (error != null && isFatal(error)) {
        slot.supervisor.markFailed(error);
        recordFatal(error);
      }
    }
    if (!aborted && !stuck) {
      // Counted on the filtered error: the filter decides what the error means.
      if (error == null || signal(error) != null) {
        slot.recentErrors = 0;
      } else if (!wasRunning
          || config.clock().nanoTime() - slot.startedNanos
              < Durations.saturatedNanos(config.backoffResetTime())) {
        slot.recentErrors++;
      } else {
        slot.recentErrors = 1;
      }
    }

    slot.phase = WorkerSlot.Phase.STOPPED;
    slot.ticket = null;
    slot.worker = null;
    slot.stopRequested = false;
    if (!aborted) {
      slot.error = error;
    }
    settle(slot, wasBusy);
    logEnd(slot, error, aborted, wasStopRequested);

    if (slot.uninstallRequested) {
      removeSlot(slot);
    } else if (!dying) {
      EngineSignal signal = error == null ? null : signal(error);
      if (wasStopRequested) {
        requestStart(slot, RestartDelays.afterBounce(config));
      } else if (error == null || signal instanceof MissingInputException) {
        // Completed, or cannot run as things are: wait for an input to change.
      } else if (signal instanceof BounceException) {
        requestStart(slot, RestartDelays.afterBounce(config));
      } else if (signal instanceof UninstallException) {
        removeSlot(slot);
      } else {
        requestStart(slot, RestartDelays.afterError(config, slot.recentErrors));
      }
    }
    if (wasRunning && !dying) {
      bounceDependents(slot.name());
    }
  }

  private void logEnd(WorkerSlot slot, @Nullable Throwable error, boolean aborted, boolean asked) {
    if (aborted) {
      log.debug("manifold \"{}\": start aborted", slot.name());
    } else if (error == null) {
      log.debug("manifold \"{}\": worker {}", slot.name(), asked ? "stopped" : "completed");
    } else if (signal(error) != null || asked || dying) {
      log.debug("manifold \"{}\": worker ended: {}", slot.name(), describe(error));
    } else {
      log.warn("manifold \"{}\": worker failed: {}", slot.name(), describe(error), error);
    }
  }

  private @Nullable Throwable applyFilter(WorkerSlot slot, Throwable error) {
    try {
      return slot.manifold.filter().apply(error);
    } catch (RuntimeException e) {
      log.error("manifold \"{}\": its filter threw; using what it threw", slot.name(), e);
      return e;
    }
  }

  /** Loop-only. */
  private void recordFatal(Throwable error) {
    Throwable worst;
    try {
      worst = config.worstError().apply(error, worstError);
    } catch (RuntimeException e) {
      log.error("worstError threw; keeping the first fatal error", e);
      worst = worstError == null ? error : worstError;
    }
    if (worst != worstError) {
      // Filtered once per new worst error; what the report shows is what the engine ends with.
      worstError = worst;
      errorView = worst == null ? null : engineFilter(worst);
    }
    kill();
  }

  /** Loop-only: the isFatal hook; if it throws, the error is taken as fatal. */
  private boolean isFatal(Throwable error) {
    try {
      return config.isFatal().test(error);
    } catch (RuntimeException e) {
      log.error("isFatal threw on {}; treating the error as fatal", describe(error), e);
      return true;
    }
  }

  /** Loop-only: the engine-level filter; what it throws stands in for the error. */
  private @Nullable Throwable engineFilter(Throwable error) {
    try {
      return config.filter().apply(error);
    } catch (RuntimeException e) {
      log.error("the engine filter threw; ending with what it threw", e);
      return e;
    }
  }

  /** Loop-only. */
  private void kill() {
    if (!dying) {
      dying = true;
      dyingView = true;
      log.debug("engine stopping{}", worstError == null ? "" : ": " + describe(worstError));
    }
  }

  /**
   * Loop-only: stops every worker whose dependents have all stopped; aborts every start. Runs after
   * every event while dying, so it looks only at the slots not yet asked to stop: nothing starts
   * while dying, so that set only shrinks, and the whole shutdown stays linear in the slots.
   */
  private void advanceShutdown() {
    if (notYetStopping == null) {
      notYetStopping = new LinkedHashSet<>(slots.values());
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Iterator<WorkerSlot> it = notYetStopping.iterator(); it.hasNext(); ) {
        WorkerSlot slot = it.next();
        if (slot.phase == WorkerSlot.Phase.STOPPED || slot.stopRequested) {
          it.remove();
        } else if (slot.phase != WorkerSlot.Phase.RUNNING || allDependentsStopped(slot)) {
          it.remove();
          requestStop(slot);
          changed |= slot.phase == WorkerSlot.Phase.STOPPED;
        }
      }
    }
  }

  private boolean allDependentsStopped(WorkerSlot slot) {
    for (String name : dependents.getOrDefault(slot.name(), Set.of())) {
      WorkerSlot dependent = slots.get(name);
      if (dependent != null && dependent.phase != WorkerSlot.Phase.STOPPED) {
        return false;
      }
    }
    return true;
  }

  /**
   * Loop-only, while dying (asked after every event). A slot that has stopped stays stopped while
   * dying, so each is dropped from {@link #notYetStopped} once seen stopped, and the question costs
   * nothing per event beyond that.
   */
  private boolean allStopped() {
    if (notYetStopped == null) {
      notYetStopped = new LinkedHashSet<>(slots.values());
    }
    for (Iterator<WorkerSlot> it = notYetStopped.iterator(); it.hasNext(); ) {
      WorkerSlot slot = it.next();
      if (slot.phase != WorkerSlot.Phase.STOPPED && slots.get(slot.name()) == slot) {
        return false;
      }
      it.remove();
    }
    return true;
  }

  /** Loop-only: the loop's last act. */
  private void finish() {
    // Slots stay in the report, each stopped with its last error, for a post-mortem.
    for (WorkerSlot slot : slots.values()) {
      slot.supervisor.markStopped();
      slot.uninstallWaiters.forEach(w -> w.complete(null));
      slot.uninstallWaiters.clear();
    }
    pruneSupervisorGroups();
    List<LoopEvent> leftover;
    lock.lock();
    try {
      closed = true;
      closedView = true;
      leftover = List.copyOf(queue);
      queue.clear();
      quiescent = true;
      quiet.signalAll();
    } finally {
      lock.unlock();
    }
    leftover.forEach(EngineLoop::reject);
    Throwable end = errorView;
    log.debug("engine stopped{}", end == null ? "" : ": " + describe(end));
    notifier.execute(() -> callbacks.stopped(end));
    threads.shutdown();
  }

  /** Loop-only. */
  private void requestStart(WorkerSlot slot, Duration delay) {
    if (dying) {
      return;
    }
    if (slot.phase != WorkerSlot.Phase.STOPPED) {
      throw new IllegalStateException(
          "manifold \"" + slot.name() + "\": asked to start a second worker");
    }
    Map<String, SnapshotResources.Input> inputs = new LinkedHashMap<>();
    for (String input : slot.inputs) {
      WorkerSlot in = slots.get(input);
      inputs.put(
          input,
          new SnapshotResources.Input(
              in == null ? null : in.manifold, in == null ? null : in.worker));
    }
    StartTicket ticket = new StartTicket(slot.name(), new SnapshotResources(slot.name(), inputs));
    boolean wasBusy = slot.busy();
    slot.ticket = ticket;
    slot.stopRequested = false;
    slot.phase = WorkerSlot.Phase.WAITING;
    settle(slot, wasBusy);
    if (delay.isZero()) {
      dispatch(slot);
    } else {
      ticket.delayTimer =
          config.clock().schedule(delay, () -> post(new LoopEvent.StartDue(ticket)));
    }
  }

  /** Loop-only: hands a waiting attempt to a start thread. */
  private void dispatch(WorkerSlot slot) {
    boolean wasBusy = slot.busy();
    slot.phase = WorkerSlot.Phase.STARTING;
    settle(slot, wasBusy);
    StartTicket ticket = slot.ticket;
    GraphValidator.Node node = slot.node;
    threads.execute(() -> workers.start(ticket, node));
  }

  /** Start thread: about to call {@code startAsync} on a new worker (its slot is still busy). */
  private void startAsyncEntered() {
    lock.lock();
    try {
      startAsyncCalls++;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Start thread: {@code startAsync} has returned. Until then the engine is not quiescent even once
   * the worker's RUNNING event is handled: that call may still be dispatching the worker's listener
   * events, and Guava hands the listener's later events (the worker failing at once, say) to the
   * thread already dispatching rather than to the thread that caused them.
   */
  private void startAsyncReturned() {
    lock.lock();
    try {
      startAsyncCalls--;
      markQuiescentIfIdle();
    } finally {
      lock.unlock();
    }
  }

  /** Loop-only: asks a starting or running worker to stop. */
  private void requestStop(WorkerSlot slot) {
    if (slot.phase == WorkerSlot.Phase.STOPPED || slot.stopRequested) {
      return;
    }
    StartTicket ticket = slot.ticket;
    boolean wasBusy = slot.busy();
    slot.stopRequested = true;
    settle(slot, wasBusy);
    switch (slot.phase) {
      case WAITING -> {
        ticket.abort(threads);
        finishAttempt(slot, ticket, null, false);
      }
      case STARTING -> {
        ticket.abort(threads);
        scheduleStopTimeout(ticket);
      }
      case RUNNING -> {
        Service worker = slot.worker;
        threads.execute(worker::stopAsync);
        scheduleStopTimeout(ticket);
      }
      default -> throw new AssertionError(slot.phase);
    }
  }

  private void scheduleStopTimeout(StartTicket ticket) {
    ticket.stopTimer =
        config
            .clock()
            .schedule(config.stopTimeout(), () -> post(new LoopEvent.StopTimedOut(ticket)));
  }

  /** Loop-only: starts every stopped dependent of {@code name} and stops every started one. */
  private void bounceDependents(String name) {
    for (String dependent : List.copyOf(dependents.getOrDefault(name, Set.of()))) {
      WorkerSlot slot = slots.get(dependent);
      if (slot == null) {
        continue;
      }
      if (slot.phase == WorkerSlot.Phase.STOPPED) {
        requestStart(slot, RestartDelays.afterBounce(config));
      } else {
        requestStop(slot);
      }
    }
  }

  private @Nullable WorkerSlot current(StartTicket ticket) {
    WorkerSlot slot = slots.get(ticket.manifold);
    return slot != null && slot.ticket == ticket ? slot : null;
  }

  /** Loop-only. */
  private WorkerSlot addSlot(GraphValidator.Node node) {
    Supervisor supervisor =
        new Supervisor(node.name(), name -> post(new LoopEvent.Uninstall(name, null)));
    WorkerSlot slot = new WorkerSlot(node, supervisor);
    slots.put(slot.name(), slot);
    for (String input : slot.inputs) {
      dependents.computeIfAbsent(input, k -> new LinkedHashSet<>()).add(slot.name());
    }
    publish(slot);
    return slot;
  }

  /** Loop-only. Juju keeps {@code dependents[name]}: others still depend on the name. */
  private void removeSlot(WorkerSlot slot) {
    forgetSlot(slot);
    pruneSupervisorGroups();
  }

  /** Loop-only: {@link #removeSlot} but for the supervisor groups, which the caller prunes. */
  private void forgetSlot(WorkerSlot slot) {
    slots.remove(slot.name());
    for (String input : slot.inputs) {
      Set<String> of = dependents.get(input);
      if (of != null) {
        of.remove(slot.name());
      }
    }
    views.remove(slot.name());
    slot.supervisor.markStopped();
    slot.uninstallWaiters.forEach(w -> w.complete(null));
    slot.uninstallWaiters.clear();
    log.debug("manifold \"{}\" uninstalled", slot.name());
  }

  /**
   * Drops the supervisor groups whose every manifold is gone. Copies each group's states, so it is
   * done once per removal, not once per manifold removed (quadratic when the engine stops).
   */
  private void pruneSupervisorGroups() {
    supervisorGroups.removeIf(
        group -> group.servicesByState().keySet().stream().allMatch(EngineLoop::terminal));
  }

  private static boolean terminal(Service.State state) {
    return state == Service.State.TERMINATED || state == Service.State.FAILED;
  }

  private void startGroup(List<WorkerSlot> added) {
    if (added.isEmpty()) {
      return;
    }
    List<Service> supervisors = new ArrayList<>();
    added.forEach(s -> supervisors.add(s.supervisor));
    ServiceManager group = new ServiceManager(supervisors);
    supervisorGroups.add(group);
    group.startAsync();
  }

  /** Loop-only: updates the busy count and republishes the slot's view. */
  private void settle(WorkerSlot slot, boolean wasBusy) {
    busy += (slot.busy() ? 1 : 0) - (wasBusy ? 1 : 0);
    publish(slot);
  }

  private void publish(WorkerSlot slot) {
    if (!slots.containsKey(slot.name())) {
      return;
    }
    Instant started = slot.started;
    views.put(
        slot.name(),
        new View(
            new ManifoldReport(
                slot.state(),
                slot.inputs.stream().sorted().toList(),
                slot.startCount,
                started,
                slot.error == null ? null : describe(slot.error),
                Map.of()),
            slot.worker));
  }

  private static @Nullable EngineSignal signal(Throwable error) {
    for (Throwable t : Throwables.getCausalChain(error)) {
      if (t instanceof EngineSignal s) {
        return s;
      }
    }
    return null;
  }

  /** How an error appears in a report: its message, or its type when it has none. */
  public static String describe(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank() ? error.getClass().getName() : message;
  }
}
