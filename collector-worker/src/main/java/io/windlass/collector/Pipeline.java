package io.windlass.collector;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.AbstractService;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.SettableFuture;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.ErrorLine;
import io.windlass.spool.MetricFactory;
import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricRecorder;
import io.windlass.spool.MetricType;
import io.windlass.spool.MetricValues;
import io.windlass.spool.MetricsDataException;
import io.windlass.spool.PeriodicWorker;
import io.windlass.spool.TargetFailureLog;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one input instance on an aligned schedule and writes each run to the spool (HoloInsight's
 * pipeline), as a Guava service. Single-use.
 *
 * <p><b>Schedule.</b> Ticks fall on window starts, {@link CollectTask#windowStart(long)}; the first
 * one is the first window start after the pipeline is RUNNING. A run collects once and writes one
 * batch, every metric of it stamped with the window start unless the input gave a timestamp.
 *
 * <p><b>Overrun.</b> A pipeline never overlaps itself. A tick that falls while the previous run is
 * in progress (collecting within its timeout, or writing its batch) is skipped and counted; so are
 * windows the pipeline's thread missed by coming late. The next run takes the latest window.
 *
 * <p><b>Timeout.</b> A collect still running at {@code timeout} is abandoned: its thread is
 * interrupted, whatever it added is discarded, and the run writes its batch with the health metrics
 * below ({@code up} 0). An input that ignores the interrupt keeps its collect thread: no other
 * thread is started for it, and each tick until it returns writes a batch of health metrics only
 * ({@code up} 0, counted as an error) without calling any input. So a pipeline holds at most two
 * threads however its input hangs: its scheduler thread and its collect thread.
 *
 * <p><b>Failure.</b> An input that throws is logged with the pipeline's id and counted; the run
 * writes its batch as for a timeout (with what the input added before it threw), and the next tick
 * runs normally. A pipeline never fails because of its input or the spool. Each run sets the
 * pipeline's {@link PipelineStats#health()} and {@link PipelineStats#lastError()} (one line, with
 * its time): a failed run records why, a run that returns normally clears it, as vmagent's {@code
 * /targets} does for a scrape target.
 *
 * <p><b>Error metrics.</b> When a collect threw or was abandoned at its timeout, an input that is
 * an {@link ErrorMetricsSource} adds its own error metrics to the run's batch, with the run's
 * prefix.
 *
 * <p><b>Batch.</b> Each run writes exactly one batch through the {@link MetricFactory}: one
 * recorder, charm URL {@link CollectTask#source()}, {@link DeclaredMetrics#any()}, closed (durable)
 * before the run ends. Each metric becomes a spool metric: key = name, value = a short decimal
 * ({@code 42}, {@code 0.25}, {@code 1.0E-7}; at most 24 characters), time = its timestamp, labels =
 * its tags overlaid with the task's tags (the task's win). NaN and infinite values are dropped and
 * counted; a metric the spool refuses ({@link MetricsDataException}) is dropped and counted and the
 * rest of the batch is written. Then the health metrics, named with the run's prefix and labelled
 * with the task's tags (over the input's {@link TargetLabels}, when it names its target):
 *
 * <ul>
 *   <li>{@value #UP}: 1 when the input's collect returned normally in time, else 0;
 *   <li>{@value #COLLECT_SECONDS}: how long the collect took (the timeout, if abandoned); left out
 *       when a hung collect kept the run from calling the input;
 *   <li>{@value #ERRORS_TOTAL}, {@value #SKIPPED_TOTAL}, {@value #DROPPED_TOTAL}: the counters
 *       {@link PipelineStats#errors()}, {@link PipelineStats#skippedTicks()} and dropped values
 *       plus rejected metrics, including this run's.
 * </ul>
 *
 * <p><b>Now.</b> {@link #collectNow()} runs the input at once (or right after the run in progress)
 * for the current window, outside the schedule: the ticks keep their phase.
 *
 * <p><b>Stop.</b> Stopping cancels the next tick and abandons a collect in progress (interrupting
 * it, writing nothing); a batch being written is finished first. An owned thread is shut down.
 *
 * <p><b>Threads.</b> By default the pipeline owns a scheduler thread (ticks, timeouts, writes after
 * a timeout) and a collect thread (collects, writes after a collect), so nothing another pipeline
 * does delays it. Tests pass a clock and a scheduler that run due tasks when told to, and an
 * executor for collects (a direct one runs a collect inside the tick).
 */
public final class Pipeline extends AbstractService implements PipelineUpdateAware {

  /** Health metric: 1 when the collect returned normally in time, else 0. */
  public static final String UP = "up";

  /** Health metric: the collect's duration in seconds. */
  public static final String COLLECT_SECONDS = "collect_seconds";

  /** Health metric: runs that failed so far (threw, timed out, or hung). */
  public static final String ERRORS_TOTAL = "collect_errors_total";

  /** Health metric: ticks skipped so far. */
  public static final String SKIPPED_TOTAL = "collect_skipped_total";

  /** Health metric: metrics dropped so far (non-finite values and spool refusals). */
  public static final String DROPPED_TOTAL = "metrics_dropped_total";

  private static final Logger logger = LoggerFactory.getLogger(Pipeline.class);

  /** How often, at most, an input's expected failures are logged as a warning. */
  static final Duration FAILURE_LOG_INTERVAL = Duration.ofMinutes(1);

  private final MetricFactory spool;
  private final String unitTag;
  private final Clock clock;

  /**
   * The input's expected failures ({@link #isExpected}): one line at most once per {@link
   * #FAILURE_LOG_INTERVAL}, the stack trace at debug.
   */
  private final TargetFailureLog failureLog;

  private final PeriodicWorker.Scheduler scheduler;
  private final Executor collectExecutor;
  private final @Nullable ScheduledThreadPoolExecutor ownedScheduler;
  private final @Nullable ExecutorService ownedCollectExecutor;

  private final Object lock = new Object();

  // All guarded by lock.
  private CollectTask task;
  private Input input;
  private @Nullable Input pendingInput;
  private @Nullable Future<?> nextTick;
  private long tickTicket;
  private @Nullable Run activeRun;
  private boolean collectBusy;
  private boolean stopping;
  private boolean stopNotified;
  private long runs;
  private long skippedTicks;
  private long errors;
  private long timeouts;
  private long droppedValues;
  private long rejectedMetrics;
  private long batches;
  private long batchFailures;
  private PipelineStats.Health health = PipelineStats.Health.UNKNOWN;
  private PipelineStats.@Nullable LastError lastError;
  private List<SettableFuture<@Nullable Void>> nowRequests = new ArrayList<>();
  private boolean nowScheduled;

  /** A pipeline on the system clock, with a scheduler thread and a collect thread of its own. */
  public Pipeline(CollectTask task, Input input, MetricFactory spool, String unitTag) {
    this(task, input, spool, unitTag, ownScheduler(task), ownCollectExecutor(task));
  }

  /**
   * A pipeline on {@code clock} and {@code scheduler}, collecting on {@code collectExecutor}. The
   * executor is given at most one collect at a time; a collect it runs on the caller's thread
   * cannot be abandoned at its timeout.
   */
  public Pipeline(
      CollectTask task,
      Input input,
      MetricFactory spool,
      String unitTag,
      Clock clock,
      PeriodicWorker.Scheduler scheduler,
      Executor collectExecutor) {
    this(task, input, spool, unitTag, clock, scheduler, collectExecutor, null, null);
  }

  private Pipeline(
      CollectTask task,
      Input input,
      MetricFactory spool,
      String unitTag,
      ScheduledThreadPoolExecutor ownedScheduler,
      ExecutorService ownedCollectExecutor) {
    this(
        task,
        input,
        spool,
        unitTag,
        Clock.systemUTC(),
        PeriodicWorker.Scheduler.of(ownedScheduler),
        ownedCollectExecutor,
        ownedScheduler,
        ownedCollectExecutor);
  }

  private Pipeline(
      CollectTask task,
      Input input,
      MetricFactory spool,
      String unitTag,
      Clock clock,
      PeriodicWorker.Scheduler scheduler,
      Executor collectExecutor,
      @Nullable ScheduledThreadPoolExecutor ownedScheduler,
      @Nullable ExecutorService ownedCollectExecutor) {
    this.task = requireNonNull(task, "task");
    this.input = requireNonNull(input, "input");
    this.spool = requireNonNull(spool, "spool");
    this.unitTag = requireNonNull(unitTag, "unitTag");
    this.clock = requireNonNull(clock, "clock");
    this.failureLog = new TargetFailureLog(logger, FAILURE_LOG_INTERVAL, clock);
    this.scheduler = requireNonNull(scheduler, "scheduler");
    this.collectExecutor = requireNonNull(collectExecutor, "collectExecutor");
    this.ownedScheduler = ownedScheduler;
    this.ownedCollectExecutor = ownedCollectExecutor;
    checkArgument(!unitTag.isEmpty(), "unitTag must not be empty");
  }

  private static ScheduledThreadPoolExecutor ownScheduler(CollectTask task) {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            new ThreadFactoryBuilder()
                .setNameFormat("windlass-pipeline-" + task.id().replace("%", "%%"))
                .setDaemon(true)
                .build());
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  private static ExecutorService ownCollectExecutor(CollectTask task) {
    return Executors.newSingleThreadExecutor(
        new ThreadFactoryBuilder()
            .setNameFormat("windlass-collect-" + task.id().replace("%", "%%"))
            .setDaemon(true)
            .build());
  }

  /** The current task. */
  public CollectTask task() {
    synchronized (lock) {
      return task;
    }
  }

  /** The input instance the next run calls (an updated one once it is swapped in). */
  public Input input() {
    synchronized (lock) {
      return pendingInput != null ? pendingInput : input;
    }
  }

  /** The counters, as of now. */
  public PipelineStats stats() {
    synchronized (lock) {
      return new PipelineStats(
          runs,
          skippedTicks,
          errors,
          timeouts,
          droppedValues,
          rejectedMetrics,
          batches,
          batchFailures,
          health,
          Optional.ofNullable(lastError));
    }
  }

  @Override
  public void update(CollectTask newTask, Input newInput) {
    requireNonNull(newTask, "task");
    requireNonNull(newInput, "input");
    synchronized (lock) {
      checkArgument(
          newTask.id().equals(task.id()),
          "task id %s does not match pipeline %s",
          newTask.id(),
          task.id());
      boolean moved =
          !newTask.interval().equals(task.interval()) || !newTask.offset().equals(task.offset());
      task = newTask;
      pendingInput = newInput;
      if (moved && nextTick != null && !stopping) {
        nextTick.cancel(false);
        long now = clock.millis();
        scheduleTickLocked(newTask.windowStart(now) + newTask.interval().toMillis(), now);
      }
    }
  }

  /**
   * Runs the input as soon as possible, outside the schedule: at once, or when the run in progress
   * ends. Requests made while one is pending are served by that one run, which collects for the
   * current window. The future completes when that run has written its batch (with {@code null}),
   * fails if the batch could not be written, is cancelled if the pipeline stops first, and fails at
   * once if the pipeline is not running.
   */
  public ListenableFuture<@Nullable Void> collectNow() {
    SettableFuture<@Nullable Void> done = SettableFuture.create();
    synchronized (lock) {
      if (stopping || state() != State.RUNNING) {
        return Futures.immediateFailedFuture(
            new IllegalStateException("pipeline " + task.id() + " is not running"));
      }
      nowRequests.add(done);
      if (!nowScheduled) {
        nowScheduled = true;
        scheduler.schedule(this::onNow, Duration.ZERO);
      }
    }
    return done;
  }

  private void onNow() {
    Run run;
    synchronized (lock) {
      nowScheduled = false;
      if (stopping || nowRequests.isEmpty() || activeRun != null) {
        // A run in progress reschedules this when it ends.
        return;
      }
      run = beginRunLocked(task.windowStart(clock.millis()), clock.millis());
      run.waiters = nowRequests;
      nowRequests = new ArrayList<>();
    }
    startRun(run);
  }

  @Override
  protected void doStart() {
    notifyStarted();
    synchronized (lock) {
      if (!stopping) {
        long now = clock.millis();
        scheduleTickLocked(task.windowStart(now) + task.interval().toMillis(), now);
      }
    }
  }

  @Override
  protected void doStop() {
    boolean idle;
    synchronized (lock) {
      stopping = true;
      tickTicket++;
      if (nextTick != null) {
        nextTick.cancel(false);
        nextTick = null;
      }
      Run run = activeRun;
      if (run != null && !run.claimed) {
        run.claimed = true;
        if (run.collectThread != null) {
          run.collectThread.interrupt();
        }
        cancelTimeout(run);
        activeRun = null;
        if (run.waiters != null) {
          for (SettableFuture<@Nullable Void> waiter : run.waiters) {
            waiter.cancel(false);
          }
        }
      }
      idle = activeRun == null;
      if (idle) {
        stopNotified = true;
      }
      for (SettableFuture<@Nullable Void> request : nowRequests) {
        request.cancel(false);
      }
      nowRequests.clear();
    }
    if (idle) {
      terminate();
      notifyStopped();
    }
  }

  private void scheduleTickLocked(long window, long now) {
    long ticket = ++tickTicket;
    nextTick =
        scheduler.schedule(
            () -> onTick(window, ticket), Duration.ofMillis(Math.max(0, window - now)));
  }

  private void onTick(long intendedWindow, long ticket) {
    Run run;
    synchronized (lock) {
      if (stopping || ticket != tickTicket) {
        return;
      }
      long now = clock.millis();
      long interval = task.interval().toMillis();
      long window = Math.max(intendedWindow, task.windowStart(now));
      skippedTicks += (window - intendedWindow) / interval;
      scheduleTickLocked(window + interval, now);
      if (activeRun != null) {
        skippedTicks++;
        logger.debug("pipeline {}: the previous run is in progress; tick skipped", task.id());
        return;
      }
      run = beginRunLocked(window, now);
    }
    startRun(run);
  }

  /** Counts and claims a run of {@code window}; the caller then calls {@link #startRun}. */
  private Run beginRunLocked(long window, long now) {
    runs++;
    Run run = new Run(window, now, task);
    run.stuck = collectBusy;
    run.replacement = run.stuck ? null : pendingInput;
    if (run.replacement != null) {
      pendingInput = null;
    }
    run.previous = input;
    activeRun = run;
    if (run.stuck) {
      run.claimed = true;
    } else {
      collectBusy = true;
    }
    return run;
  }

  private void startRun(Run run) {
    Input previous = requireNonNull(run.previous);
    @Nullable Input replacement = run.replacement;
    if (replacement != null) {
      if (replacement instanceof InputExt ext) {
        try {
          ext.updateFrom(previous);
        } catch (RuntimeException e) {
          logger.warn(
              "pipeline {}: updateFrom failed; the new input starts afresh", run.task.id(), e);
        }
      }
      synchronized (lock) {
        input = replacement;
      }
      previous = replacement;
    }
    if (run.stuck) {
      logger.warn(
          "pipeline {} (input {}): an abandoned collect has not returned; run not started",
          run.task.id(),
          run.task.inputType());
      finishRun(run, Outcome.HUNG, null, 0, List.of());
      return;
    }
    run.input = previous;
    run.prefix = prefixOf(run.task, previous);
    Future<?> timeout = scheduler.schedule(() -> onTimeout(run), run.task.timeout());
    synchronized (lock) {
      run.timeout = timeout;
    }
    try {
      collectExecutor.execute(() -> collect(run));
    } catch (RejectedExecutionException e) {
      boolean mine;
      synchronized (lock) {
        collectBusy = false;
        mine = !run.claimed;
        run.claimed = true;
      }
      if (mine) {
        cancelTimeout(run);
        finishRun(run, Outcome.FAILED, e, 0, List.of());
      }
    }
  }

  private static String prefixOf(CollectTask task, Input input) {
    if (task.prefix() != null) {
      return task.prefix();
    }
    return input instanceof InputWithPrefix withPrefix ? withPrefix.defaultPrefix() : "";
  }

  private void collect(Run run) {
    synchronized (lock) {
      if (run.claimed) {
        collectBusy = false;
        return;
      }
      run.collectThread = Thread.currentThread();
    }
    Throwable failure = null;
    try {
      Input in = requireNonNull(run.input);
      in.collect(Accumulators.withPrefix(run.metrics, requireNonNull(run.prefix)));
    } catch (Throwable t) {
      failure = t;
    }
    boolean mine;
    synchronized (lock) {
      run.collectThread = null;
      mine = !run.claimed;
      run.claimed = true;
      if (mine) {
        // The run frees the collect slot when it ends, before anyone hears that it has.
        run.holdsCollect = true;
      } else {
        collectBusy = false;
      }
    }
    // Clears an interrupt the timeout or a stop may have sent while the input ran.
    Thread.interrupted();
    if (!mine) {
      logger.info("pipeline {}: an abandoned collect returned", run.task.id());
      return;
    }
    cancelTimeout(run);
    long duration = Math.max(0, clock.millis() - run.startMillis);
    try {
      finishRun(
          run,
          failure == null ? Outcome.OK : Outcome.FAILED,
          failure,
          duration,
          run.metrics.drain());
    } finally {
      synchronized (lock) {
        releaseCollectLocked(run);
      }
    }
  }

  /** Frees the collect slot if {@code run} still holds it. */
  private void releaseCollectLocked(Run run) {
    if (run.holdsCollect) {
      run.holdsCollect = false;
      collectBusy = false;
    }
  }

  private void onTimeout(Run run) {
    List<Metric> collected;
    synchronized (lock) {
      if (run.claimed) {
        return;
      }
      run.claimed = true;
      timeouts++;
      // Keeps only what the input added in time: anything it adds from now on is never read.
      collected = run.metrics.drain();
      if (run.collectThread != null) {
        run.collectThread.interrupt();
      }
    }
    logger.warn(
        "pipeline {} (input {}): collect abandoned after its timeout {}",
        run.task.id(),
        run.task.inputType(),
        run.task.timeout());
    finishRun(run, Outcome.TIMED_OUT, null, run.task.timeout().toMillis(), collected);
  }

  private void cancelTimeout(Run run) {
    Future<?> timeout;
    synchronized (lock) {
      timeout = run.timeout;
    }
    if (timeout != null) {
      timeout.cancel(false);
    }
  }

  enum Outcome {
    OK,
    FAILED,
    TIMED_OUT,
    HUNG
  }

  /** Writes the run's one batch, then ends the run. */
  private void finishRun(
      Run run,
      Outcome outcome,
      @Nullable Throwable failure,
      long durationMs,
      List<Metric> collected) {
    if (outcome == Outcome.FAILED) {
      if (isExpected(failure)) {
        failureLog.failed(
            run.task.id(),
            "pipeline " + run.task.id() + ": " + requireNonNull(failure).getMessage(),
            failure);
      } else {
        logger.warn(
            "pipeline {} (input {}): collect failed", run.task.id(), run.task.inputType(), failure);
      }
    } else if (outcome == Outcome.OK) {
      failureLog.recovered(run.task.id());
    }
    synchronized (lock) {
      if (outcome == Outcome.OK) {
        health = PipelineStats.Health.UP;
        lastError = null;
      } else {
        errors++;
        health = PipelineStats.Health.DOWN;
        lastError =
            new PipelineStats.LastError(
                ErrorLine.of(errorText(outcome, failure, run.task)), clock.instant());
      }
    }
    if (outcome == Outcome.FAILED || outcome == Outcome.TIMED_OUT) {
      collected = withErrorMetrics(run, failure, collected);
    }
    String prefix = run.prefix == null ? prefixOf(run.task, input()) : run.prefix;
    Instant windowTime = Instant.ofEpochMilli(run.window);
    Map<String, String> taskTags = run.task.tags();
    Map<String, String> healthTags = healthTags(run, taskTags);
    long dropped = 0;
    long rejected = 0;
    boolean written = false;
    try (MetricRecorder recorder =
        spool.recorder(DeclaredMetrics.any(), run.task.source(), unitTag)) {
      for (MetricFamily family : run.metrics.families()) {
        recorder.describe(family);
      }
      describeHealth(recorder, prefix);
      for (Metric metric : collected) {
        String value = MetricValues.format(metric.value());
        if (value == null) {
          dropped++;
          continue;
        }
        Instant time =
            metric.timestamp() == 0 ? windowTime : Instant.ofEpochMilli(metric.timestamp());
        try {
          recorder.addMetric(metric.name(), value, time, labels(metric.tags(), taskTags));
        } catch (MetricsDataException e) {
          rejected++;
          logger.debug("pipeline {}: metric dropped: {}", run.task.id(), e.getMessage());
        }
      }
      long errorsTotal;
      long skippedTotal;
      long droppedTotal;
      synchronized (lock) {
        droppedValues += dropped;
        rejectedMetrics += rejected;
        errorsTotal = errors;
        skippedTotal = skippedTicks;
        droppedTotal = droppedValues + rejectedMetrics;
      }
      dropped = 0;
      rejected = 0;
      addHealth(recorder, prefix + UP, outcome == Outcome.OK ? 1 : 0, windowTime, healthTags);
      if (outcome != Outcome.HUNG) {
        addHealth(recorder, prefix + COLLECT_SECONDS, durationMs / 1000.0, windowTime, healthTags);
      }
      addHealth(recorder, prefix + ERRORS_TOTAL, errorsTotal, windowTime, healthTags);
      addHealth(recorder, prefix + SKIPPED_TOTAL, skippedTotal, windowTime, healthTags);
      addHealth(recorder, prefix + DROPPED_TOTAL, droppedTotal, windowTime, healthTags);
      written = true;
    } catch (IOException | RuntimeException e) {
      logger.warn(
          "pipeline {} (input {}): writing the batch for window {} failed",
          run.task.id(),
          run.task.inputType(),
          windowTime,
          e);
    }
    boolean finishStop;
    boolean nowWaiting;
    synchronized (lock) {
      nowWaiting = !stopping && !nowRequests.isEmpty() && !nowScheduled;
      if (nowWaiting) {
        nowScheduled = true;
      }
      droppedValues += dropped;
      rejectedMetrics += rejected;
      if (written) {
        batches++;
      } else {
        batchFailures++;
      }
      if (activeRun == run) {
        activeRun = null;
      }
      // Before the waiters are told and a pending collectNow is scheduled: a run they start at
      // once must find the collect slot free, or it would be reported as hung.
      releaseCollectLocked(run);
      finishStop = stopping && !stopNotified && activeRun == null;
      if (finishStop) {
        stopNotified = true;
      }
    }
    if (run.waiters != null) {
      for (SettableFuture<@Nullable Void> waiter : run.waiters) {
        if (written) {
          waiter.set(null);
        } else {
          waiter.setException(
              new IOException("pipeline " + run.task.id() + ": the batch could not be written"));
        }
      }
    }
    if (nowWaiting) {
      scheduler.schedule(this::onNow, Duration.ZERO);
    }
    if (finishStop) {
      terminate();
      notifyStopped();
    }
  }

  /** The labels of the run's health metrics: the input's target labels overlaid with the task's. */
  private static Map<String, String> healthTags(Run run, Map<String, String> taskTags) {
    Input in = run.input != null ? run.input : run.previous;
    if (!(in instanceof TargetLabels target)) {
      return taskTags;
    }
    try {
      return labels(target.targetLabels(), taskTags);
    } catch (RuntimeException e) {
      logger.warn("pipeline {}: the input's target labels failed", run.task.id(), e);
      return taskTags;
    }
  }

  /** {@code collected} followed by the input's own error metrics, if it has any. */
  /** Describes the health metrics' families, as named with {@code prefix}. */
  private static void describeHealth(MetricRecorder recorder, String prefix) {
    describe(recorder, prefix + UP, MetricType.GAUGE, "1 if the last collect returned in time.");
    describe(
        recorder, prefix + COLLECT_SECONDS, MetricType.GAUGE, "How long the last collect took.");
    describe(recorder, prefix + ERRORS_TOTAL, MetricType.COUNTER, "Collects that failed.");
    describe(recorder, prefix + SKIPPED_TOTAL, MetricType.COUNTER, "Collect ticks skipped.");
    describe(
        recorder,
        prefix + DROPPED_TOTAL,
        MetricType.COUNTER,
        "Metrics dropped: non-finite values and spool refusals.");
  }

  private static void describe(MetricRecorder recorder, String name, MetricType type, String help) {
    if (MetricFamily.isValidName(name)) {
      recorder.describe(new MetricFamily(name, type, help, ""));
    }
  }

  /**
   * What went wrong in a run that did not end {@link Outcome#OK}: an expected failure's message (it
   * names the target and the cause), any other failure as its class and message, or the timeout.
   */
  static String errorText(Outcome outcome, @Nullable Throwable failure, CollectTask task) {
    return switch (outcome) {
      case OK -> "";
      case FAILED ->
          failure == null
              ? "collect failed"
              : isExpected(failure) ? failure.getMessage() : failure.toString();
      case TIMED_OUT -> "collect abandoned at its timeout " + millis(task.timeout());
      case HUNG -> "an abandoned collect has not returned; run not started";
    };
  }

  /** {@code 500ms}, {@code 10s}. */
  private static String millis(Duration duration) {
    long ms = duration.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  /**
   * Whether an input's failure is expected: an I/O failure or a timeout (a refused connection, an
   * HTTP error status, no answer in time) with a message, which names the target and the cause; not
   * a bug, so it is worth one line and no stack trace.
   */
  static boolean isExpected(@Nullable Throwable failure) {
    return (failure instanceof IOException || failure instanceof TimeoutException)
        && failure.getMessage() != null
        && !failure.getMessage().isBlank();
  }

  private static List<Metric> withErrorMetrics(
      Run run, @Nullable Throwable failure, List<Metric> collected) {
    if (!(run.input instanceof ErrorMetricsSource source) || run.prefix == null) {
      return collected;
    }
    MemoryAccumulator errorMetrics = new MemoryAccumulator();
    try {
      source.addErrorMetrics(failure, Accumulators.withPrefix(errorMetrics, run.prefix));
    } catch (RuntimeException e) {
      logger.warn(
          "pipeline {} (input {}): the input's error metrics failed",
          run.task.id(),
          run.task.inputType(),
          e);
    }
    List<Metric> all = new ArrayList<>(collected);
    all.addAll(errorMetrics.metrics());
    return all;
  }

  private void addHealth(
      MetricRecorder recorder, String key, double value, Instant time, Map<String, String> tags)
      throws IOException {
    try {
      recorder.addMetric(key, requireNonNull(MetricValues.format(value)), time, tags);
    } catch (MetricsDataException e) {
      synchronized (lock) {
        rejectedMetrics++;
      }
      logger.debug("health metric dropped: {}", e.getMessage());
    }
  }

  /** The metric's tags overlaid with the task's: the task's win. */
  static Map<String, String> labels(Map<String, String> metricTags, Map<String, String> taskTags) {
    if (taskTags.isEmpty()) {
      return metricTags;
    }
    if (metricTags.isEmpty()) {
      return taskTags;
    }
    Map<String, String> labels = new HashMap<>(metricTags);
    labels.putAll(taskTags);
    return labels;
  }

  private void terminate() {
    if (ownedScheduler != null) {
      ownedScheduler.shutdownNow();
    }
    if (ownedCollectExecutor != null) {
      ownedCollectExecutor.shutdownNow();
    }
  }

  /** One run: a window, the task and input it uses, and what was collected. */
  private static final class Run {
    final long window;
    final long startMillis;
    final CollectTask task;
    final MemoryAccumulator metrics = new MemoryAccumulator();
    @Nullable Input input;
    @Nullable String prefix;
    @Nullable Input previous;
    @Nullable Input replacement;
    boolean stuck;
    @Nullable List<SettableFuture<@Nullable Void>> waiters;

    // Guarded by the pipeline's lock.
    boolean claimed;

    /** The run's collect returned and the run has not yet freed the pipeline's collect slot. */
    boolean holdsCollect;

    @Nullable Thread collectThread;
    @Nullable Future<?> timeout;

    Run(long window, long startMillis, CollectTask task) {
      this.window = window;
      this.startMillis = startMillis;
      this.task = task;
    }
  }

  @Override
  public String toString() {
    return "Pipeline[" + task().id() + "] [" + state() + "]";
  }
}
