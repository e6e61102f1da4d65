package io.windlass.spool;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.AbstractService;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.SettableFuture;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a call at once and then every period, with ±20 % jitter, until stopped: Juju's spool {@code
 * PeriodicWorker}, as a Guava service. Single-use.
 *
 * <p><b>Schedule.</b> The first run starts as soon as the worker is RUNNING. Each next run is
 * scheduled when a run ends, {@code period × (1 ± 0.2)} later (uniformly spread), or as a {@link
 * Spacing} given at construction decides, so runs never overlap and a slow call delays the next one
 * rather than piling up. {@link #runNow()} runs the call at once (or right after the run in
 * progress), and the period starts again from that run.
 *
 * <p><b>Failure.</b> A call that throws fails the worker with the call's exception (after logging
 * it and running the stop hook). This is Juju's choice, kept: the worker's supervisor (the engine)
 * reports the error and restarts a fresh worker with backoff, so a persistent fault is visible and
 * does not spin. A call that should survive some errors (Juju's sender ignores spool data errors)
 * catches them itself.
 *
 * <p><b>Stop.</b> Stopping cancels the next run and calls the {@code stop} hook, which should make
 * a call in progress return soon (for example by closing what it waits on); the worker terminates
 * when that call returns. The hook runs once, on stop or on failure, whichever comes first, on the
 * thread that stops the worker (or the one the call failed on). A call is never interrupted.
 *
 * <p><b>Threads.</b> Calls run on the scheduler's thread: by default a daemon thread the worker
 * owns and shuts down when it terminates. Tests pass a {@link Scheduler} that runs due tasks when
 * told to, and a fixed random source, so nothing sleeps.
 */
public final class PeriodicWorker extends AbstractService {

  /** The relative spread of each period: ±20 %. */
  public static final double JITTER = 0.2;

  private static final Logger logger = LoggerFactory.getLogger(PeriodicWorker.class);

  /** The periodic work. */
  @FunctionalInterface
  public interface Call {

    /** Does one round of work; throwing fails the worker. */
    void run() throws Exception;
  }

  /** Runs tasks after a delay; the worker's only source of time. */
  @FunctionalInterface
  public interface Scheduler {

    /**
     * Runs {@code task} once, {@code delay} from now, on a thread other than the caller's. The
     * returned future's {@code cancel} prevents a task that has not started from running.
     */
    Future<?> schedule(Runnable task, Duration delay);

    /** A scheduler on {@code executor}. */
    static Scheduler of(ScheduledExecutorService executor) {
      requireNonNull(executor, "executor");
      return (task, delay) -> executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Decides, when a run ends, how long until the next one: for example the period plus some jitter,
   * or longer while a backend asks to be left alone. Called on the thread of the run that ended.
   */
  @FunctionalInterface
  public interface Spacing {

    /** The delay from the end of the run that just ended to the next run; not negative. */
    Duration next(Duration period);
  }

  private final Call call;
  private final Duration period;
  private final Spacing spacing;
  private final Runnable stopHook;
  private final Scheduler scheduler;
  private final DoubleSupplier random;
  private final @Nullable ScheduledExecutorService ownedExecutor;
  private final AtomicBoolean stopHookRan = new AtomicBoolean();

  private final Object lock = new Object();

  // All guarded by lock.
  private boolean accepting;
  private boolean stopping;
  private boolean callInProgress;
  private boolean immediateRunScheduled;
  private @Nullable Future<?> nextRun;

  /** Identifies the one scheduled run that may still start; a stale task sees another and quits. */
  private long ticket;

  private List<SettableFuture<@Nullable Void>> waiting = new ArrayList<>();

  /**
   * A worker that runs {@code call} every {@code period}, on a thread of its own.
   *
   * @param stop called once when the worker stops or fails, to make a call in progress return
   */
  public PeriodicWorker(Call call, Duration period, Runnable stop) {
    this(call, period, stop, ownExecutor(), ThreadLocalRandom.current()::nextDouble);
  }

  /**
   * A worker on {@code scheduler}, spreading periods with {@code random} (uniform in [0, 1): 0
   * gives the shortest period, 0.8 × period; 0.5 the nominal one).
   */
  public PeriodicWorker(
      Call call, Duration period, Runnable stop, Scheduler scheduler, DoubleSupplier random) {
    this(call, period, null, stop, scheduler, random, null);
  }

  /**
   * A worker on {@code scheduler} whose runs are {@code spacing} apart; {@code period} is its
   * nominal period, which {@code spacing} is given.
   */
  public PeriodicWorker(
      Call call, Duration period, Spacing spacing, Runnable stop, Scheduler scheduler) {
    this(
        call,
        period,
        requireNonNull(spacing, "spacing"),
        stop,
        scheduler,
        ThreadLocalRandom.current()::nextDouble,
        null);
  }

  private PeriodicWorker(
      Call call,
      Duration period,
      Runnable stop,
      ScheduledExecutorService ownedExecutor,
      DoubleSupplier random) {
    this(call, period, null, stop, Scheduler.of(ownedExecutor), random, ownedExecutor);
  }

  private PeriodicWorker(
      Call call,
      Duration period,
      @Nullable Spacing spacing,
      Runnable stop,
      Scheduler scheduler,
      DoubleSupplier random,
      @Nullable ScheduledExecutorService ownedExecutor) {
    this.call = requireNonNull(call, "call");
    this.period = requireNonNull(period, "period");
    this.spacing = spacing != null ? spacing : this::jittered;
    this.stopHook = requireNonNull(stop, "stop");
    this.scheduler = requireNonNull(scheduler, "scheduler");
    this.random = requireNonNull(random, "random");
    this.ownedExecutor = ownedExecutor;
    checkArgument(!period.isNegative() && !period.isZero(), "period %s must be > 0", period);
  }

  private static ScheduledExecutorService ownExecutor() {
    return Executors.newSingleThreadScheduledExecutor(
        new ThreadFactoryBuilder().setNameFormat("windlass-periodic-%d").setDaemon(true).build());
  }

  /** The nominal period. */
  public Duration period() {
    return period;
  }

  /**
   * Runs the call as soon as possible: at once, or when the run in progress ends. Requests made
   * while a run is pending are served by that one run. The future completes when a run that started
   * after this request has ended: with {@code null}, or with the call's exception; it is cancelled
   * if the worker stops first, and fails at once if the worker is not running.
   */
  public ListenableFuture<@Nullable Void> runNow() {
    SettableFuture<@Nullable Void> done = SettableFuture.create();
    synchronized (lock) {
      if (!accepting || stopping) {
        return Futures.immediateFailedFuture(
            new IllegalStateException("the periodic worker is not running"));
      }
      waiting.add(done);
      if (!callInProgress && !immediateRunScheduled) {
        cancelNextRunLocked();
        scheduleLocked(Duration.ZERO);
      }
    }
    return done;
  }

  @Override
  protected void doStart() {
    notifyStarted();
    synchronized (lock) {
      accepting = true;
      if (!stopping) {
        scheduleLocked(Duration.ZERO);
      }
    }
  }

  @Override
  protected void doStop() {
    boolean idle;
    List<SettableFuture<@Nullable Void>> cancelled;
    synchronized (lock) {
      stopping = true;
      cancelNextRunLocked();
      idle = !callInProgress;
      cancelled = takeWaitingLocked();
    }
    cancelled.forEach(future -> future.cancel(false));
    runStopHook();
    if (idle) {
      terminate();
      notifyStopped();
    }
  }

  private void runOnce(long runTicket) {
    List<SettableFuture<@Nullable Void>> served;
    synchronized (lock) {
      if (stopping || runTicket != ticket) {
        return;
      }
      ticket++;
      callInProgress = true;
      immediateRunScheduled = false;
      nextRun = null;
      served = takeWaitingLocked();
    }
    Throwable failure = null;
    try {
      call.run();
    } catch (Throwable t) {
      failure = t;
    }
    boolean finishStop = false;
    List<SettableFuture<@Nullable Void>> leftWaiting = List.of();
    synchronized (lock) {
      callInProgress = false;
      if (failure != null) {
        stopping = true;
        leftWaiting = takeWaitingLocked();
      } else if (stopping) {
        finishStop = true;
        leftWaiting = takeWaitingLocked();
      } else {
        scheduleLocked(waiting.isEmpty() ? nextPeriod() : Duration.ZERO);
      }
    }
    if (failure == null) {
      served.forEach(future -> future.set(null));
      leftWaiting.forEach(future -> future.cancel(false));
      if (finishStop) {
        terminate();
        notifyStopped();
      }
      return;
    }
    if (failure instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    logger.warn("periodic call failed; the worker fails and its supervisor restarts it", failure);
    for (SettableFuture<@Nullable Void> future : served) {
      future.setException(failure);
    }
    for (SettableFuture<@Nullable Void> future : leftWaiting) {
      future.setException(failure);
    }
    runStopHook();
    terminate();
    notifyFailed(failure);
  }

  /** The next delay: by default the period spread uniformly over ±{@link #JITTER}. */
  Duration nextPeriod() {
    Duration next = spacing.next(period);
    return next.isNegative() ? Duration.ZERO : next;
  }

  private Duration jittered(Duration period) {
    double u = random.getAsDouble();
    checkArgument(u >= 0 && u <= 1, "random value %s must be in [0, 1]", u);
    double factor = 1 + JITTER * (2 * u - 1);
    return Duration.ofNanos((long) (period.toNanos() * factor));
  }

  private void scheduleLocked(Duration delay) {
    immediateRunScheduled = delay.isZero();
    long runTicket = ++ticket;
    nextRun = scheduler.schedule(() -> runOnce(runTicket), delay);
  }

  private void cancelNextRunLocked() {
    Future<?> next = nextRun;
    if (next != null) {
      next.cancel(false);
    }
    nextRun = null;
    immediateRunScheduled = false;
    ticket++;
  }

  private List<SettableFuture<@Nullable Void>> takeWaitingLocked() {
    List<SettableFuture<@Nullable Void>> taken = waiting;
    waiting = new ArrayList<>();
    return taken;
  }

  private void runStopHook() {
    if (!stopHookRan.compareAndSet(false, true)) {
      return;
    }
    try {
      stopHook.run();
    } catch (RuntimeException e) {
      logger.warn("the periodic worker's stop hook failed", e);
    }
  }

  private void terminate() {
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
  }
}
