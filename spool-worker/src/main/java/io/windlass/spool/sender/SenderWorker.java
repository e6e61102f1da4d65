package io.windlass.spool.sender;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Throwables;
import com.google.common.util.concurrent.AbstractService;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.windlass.spool.BatchCursor;
import io.windlass.spool.BatchTooLargeException;
import io.windlass.spool.Metric;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.MetricFactory;
import io.windlass.spool.MetricReader;
import io.windlass.spool.PeriodicWorker;
import io.windlass.spool.SpoolFullException;
import io.windlass.spool.TargetFailureLog;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards the spool's batches to a backend through a {@link MetricSink}: the forward half of store
 * and forward. A Guava service, single-use.
 *
 * <p><b>Rounds.</b> A round reads the spool oldest first, a window at a time (at most {@value
 * #WINDOW_BATCHES} batches and {@link SenderSettings#maxRequestBytes()} of files), has the sink
 * encode each window into requests within its limits, in shards, and sends them. The round goes on
 * until the spool is empty, a retryable failure ends it (the batches not yet delivered stay), or
 * the worker stops.
 *
 * <p><b>Shards.</b> The sink puts each request in one of up to {@link SenderSettings#concurrency()}
 * shards: a remote write sink by series, so that all of a series' samples go through one shard, a
 * JSON sink by batch. Each shard sends its own requests one at a time, in order, and the shards
 * send at once; so a series' samples reach the backend in the order they were encoded even though
 * several requests are in flight, and a backend without an out-of-order window (Prometheus) never
 * sees a series' older samples after its newer ones. A retryable failure stops its shard; the other
 * shards start no new request, their requests in flight are waited for, and the round ends.
 *
 * <p><b>Removal.</b> A batch may be carried by several requests, in one shard or several. It is
 * decided once every request that carries any of it is answered (none retryably): removed when
 * every one was accepted or the backend said it already has it, moved to the spool's {@code
 * rejected/} directory when one refused it for good or the sink cannot encode it. A batch is
 * applied as soon as the answer that decides it comes, even behind an older batch not yet decided:
 * it has no sample in any shard the older one is waiting for (each shard sends in order and stops
 * at its first failure), so sending the older one again cannot be out of order behind it. Undecided
 * batches stay for the next round.
 *
 * <p><b>Progress.</b> Of each undecided batch, the worker counts per shard the samples that
 * accepted requests carried ({@link DeliveryProgress}), and the sink leaves them out when it
 * encodes the batch again: a retry carries what the failed request did. With {@link
 * SenderSettings#progressJournal()} the counts are appended to that file as each request is
 * accepted, before the shard's next request starts, and read back when a worker starts, so that
 * after a crash only the requests in flight go again.
 *
 * <p><b>Partial refusal.</b> A whole-request rejection of a request of several samples is isolated
 * as below; a batch rejected alone is then split in halves, down to the metrics the backend refuses
 * alone, which go to {@code rejected/} as a batch of their own ({@link MetricReader#rejectPart}),
 * the rest of the batch delivered.
 *
 * <p><b>Isolation.</b> A sink whose answer is the whole request's (Prometheus remote write rolls
 * back the whole request when one sample is refused) may refuse several batches for one bad one.
 * Such a refusal (rejected or already present) decides nothing: when the shards have stopped, each
 * batch of that request is sent again alone (the shards the backend does not have yet, one request
 * after another), and only what a batch gets alone is held against it, so one bad batch blocks no
 * other. Every undecided batch older than the last of that request is sent alone too, oldest first,
 * so that no shard sends a series' newer samples before older ones still waiting (with one shard
 * there is none); the batches left are encoded again.
 *
 * <p><b>Schedule.</b> The first round runs at once; each next one {@link SenderSettings#interval()}
 * plus up to {@link SenderSettings#jitter()} after the last ends. After a round ends on a retryable
 * failure the next waits as {@link SenderSettings#backoff()} says instead (doubling per consecutive
 * failure, or the backend's {@code Retry-After}), and a round that delivers resets it. Once the
 * spool has published a full request's worth ({@link SenderSettings#maxRequestMetrics()}) since a
 * round began, the next runs at once instead of at the interval, unless the sender is backing off
 * (the spool tells it through {@link MetricFactory#onPublished}). {@link #sendNow()} runs a round
 * at once, backoff or not.
 *
 * <p><b>Threads.</b> Rounds run on one thread of the worker's own (or the given {@link
 * PeriodicWorker.Scheduler}'s), so a slow or hung backend delays nothing but this worker. The round
 * thread reads, encodes, applies the answers and removes; the shards' requests are sent on a pool
 * of {@link SenderSettings#concurrency()} daemon threads the worker owns, named {@code
 * windlass-sender-N} like its round thread, at most one request per shard at once. At concurrency 1
 * there is no pool: the round thread sends. Requests sent alone go from the round thread, one after
 * another. Each request is bounded by {@link SenderSettings#timeout()}, and stopping aborts every
 * request in flight. Collectors never wait for the sender.
 *
 * <p><b>Failure.</b> The backend's failures are outcomes, counted and retried; the worker fails
 * only when the spool itself fails (a batch cannot be removed or moved), so its supervisor restarts
 * it.
 */
public final class SenderWorker extends AbstractService {

  /** The most batches a round reads into memory at once. */
  public static final int WINDOW_BATCHES = 1000;

  private static final Logger log = LoggerFactory.getLogger(SenderWorker.class);

  /** How often, at most, a failing sink's rounds are logged as a warning. */
  static final Duration FAILURE_LOG_INTERVAL = Duration.ofMinutes(1);

  private final MetricFactory factory;
  private final MetricSink sink;
  private final SenderSettings settings;
  private final Clock clock;

  /**
   * The sink's failed rounds: one warning line at most once a minute, with the count of those left
   * out.
   */
  private final TargetFailureLog failureLog;

  private final DoubleSupplier random;
  private final PeriodicWorker periodic;
  private final @Nullable ScheduledExecutorService ownedExecutor;

  /** The sender threads; none at concurrency 1, where the round thread sends. */
  private final @Nullable ExecutorService senders;

  /** Where requests are sent: on the sender threads, or on the round thread. */
  private final Executor sendExecutor;

  private final AtomicLong sentBatches = new AtomicLong();
  private final AtomicLong sentMetrics = new AtomicLong();
  private final AtomicLong alreadyPresentBatches = new AtomicLong();
  private final AtomicLong rejectedBatches = new AtomicLong();
  private final AtomicLong rejectedMetrics = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong failedRequests = new AtomicLong();

  /** Requests in {@link #post} now: raised before a request is sent, lowered when it returns. */
  private final AtomicLong requestsInFlight = new AtomicLong();

  private volatile @Nullable String lastError;
  private volatile @Nullable Instant retryAt;
  private volatile @Nullable Instant lastSent;
  private volatile @Nullable SendRound lastRound;
  private volatile boolean stopping;
  private final AtomicLong publishedSinceRound = new AtomicLong();
  private final AtomicBoolean wakeRequested = new AtomicBoolean();
  private volatile Runnable unsubscribe = () -> {};

  // Round thread only.
  private @Nullable MetricReader reader;
  private int consecutiveFailures;

  /**
   * What the backend has of the batches not yet decided, counted as requests are accepted, and kept
   * in {@link SenderSettings#progressJournal()} when there is one: it is not sent again.
   */
  private DeliveryProgress progress;

  /** A sender on a thread of its own, on the system clock. */
  public SenderWorker(MetricFactory factory, MetricSink sink, SenderSettings settings) {
    this(
        factory,
        sink,
        settings,
        Clock.systemUTC(),
        null,
        ThreadLocalRandom.current()::nextDouble,
        threads());
  }

  /**
   * A sender whose rounds run on {@code scheduler}, on {@code clock}, spreading intervals and
   * backoff with {@code random} (uniform in [0, 1]). Tests pass a manual scheduler and clock. The
   * requests are still sent on the worker's own sender threads (at concurrency above 1).
   */
  public SenderWorker(
      MetricFactory factory,
      MetricSink sink,
      SenderSettings settings,
      Clock clock,
      PeriodicWorker.Scheduler scheduler,
      DoubleSupplier random) {
    this(factory, sink, settings, clock, requireNonNull(scheduler, "scheduler"), random, threads());
  }

  private SenderWorker(
      MetricFactory factory,
      MetricSink sink,
      SenderSettings settings,
      Clock clock,
      PeriodicWorker.@Nullable Scheduler scheduler,
      DoubleSupplier random,
      ThreadFactory threads) {
    this.factory = requireNonNull(factory, "factory");
    this.sink = requireNonNull(sink, "sink");
    this.settings = requireNonNull(settings, "settings");
    this.clock = requireNonNull(clock, "clock");
    this.failureLog = new TargetFailureLog(log, FAILURE_LOG_INTERVAL, clock);
    this.random = requireNonNull(random, "random");
    this.ownedExecutor =
        scheduler == null ? Executors.newSingleThreadScheduledExecutor(threads) : null;
    PeriodicWorker.Scheduler runs =
        scheduler != null
            ? scheduler
            : PeriodicWorker.Scheduler.of(requireNonNull(ownedExecutor, "executor"));
    // Threads are started on the first request, so a worker that never sends starts none.
    this.senders =
        settings.concurrency() > 1
            ? Executors.newFixedThreadPool(settings.concurrency(), threads)
            : null;
    this.sendExecutor = senders != null ? senders : MoreExecutors.directExecutor();
    this.periodic =
        new PeriodicWorker(this::round, settings.interval(), this::nextDelay, this::halt, runs);
    this.progress = DeliveryProgress.inMemory(settings.concurrency());
  }

  /** The worker's threads: the round thread (unless a scheduler is given), then the senders. */
  private static ThreadFactory threads() {
    return new ThreadFactoryBuilder().setNameFormat("windlass-sender-%d").setDaemon(true).build();
  }

  /** The sink it sends through. */
  public MetricSink sink() {
    return sink;
  }

  /**
   * Runs a round as soon as possible (at once, or right after the round in progress), whatever the
   * backoff. The future completes when a round that started after this call has ended, with the
   * latest round's summary; it fails if the worker is not running or the round failed, and is
   * cancelled if the worker stops first.
   */
  public ListenableFuture<SendRound> sendNow() {
    return Futures.transform(
        periodic.runNow(),
        ignored -> requireNonNull(lastRound, "a round has run"),
        MoreExecutors.directExecutor());
  }

  /** Its counters now. */
  public SenderStats stats() {
    return new SenderStats(
        sentBatches.get(),
        sentMetrics.get(),
        alreadyPresentBatches.get(),
        rejectedBatches.get(),
        rejectedMetrics.get(),
        requests.get(),
        failedRequests.get(),
        requestsInFlight.get(),
        Optional.ofNullable(lastError),
        Optional.ofNullable(retryAt),
        Optional.ofNullable(lastSent));
  }

  @Override
  protected void doStart() {
    try {
      reader = factory.reader();
      if (settings.progressJournal().isPresent()) {
        progress =
            DeliveryProgress.open(
                settings.progressJournal().get(),
                sink.type() + " " + sink.url(),
                settings.concurrency());
      }
    } catch (IOException | RuntimeException e) {
      terminateExecutors();
      notifyFailed(e);
      return;
    }
    if (settings.sendFullRequestsAtOnce()) {
      unsubscribe = factory.onPublished(this::published);
    }
    periodic.addListener(
        new Listener() {
          @Override
          public void running() {
            log.info(
                "sending the spool to {} ({}) every {}, up to {} requests at once",
                sink.url(),
                sink.type(),
                settings.interval(),
                settings.concurrency());
            notifyStarted();
          }

          @Override
          public void terminated(State from) {
            release();
            notifyStopped();
          }

          @Override
          public void failed(State from, Throwable failure) {
            release();
            notifyFailed(failure);
          }
        },
        MoreExecutors.directExecutor());
    periodic.startAsync();
  }

  @Override
  protected void doStop() {
    periodic.stopAsync();
  }

  /** The periodic worker's stop hook: ends the round in progress soon, aborting its requests. */
  private void halt() {
    stopping = true;
    sink.abort();
  }

  private void release() {
    unsubscribe.run();
    progress.close();
    MetricReader open = reader;
    if (open != null) {
      open.close();
    }
    terminateExecutors();
  }

  private void terminateExecutors() {
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
    if (senders != null) {
      // The round has ended; a request still in flight (only after the round failed) is aborted.
      senders.shutdownNow();
    }
  }

  /**
   * A batch of {@code metrics} was published: once a full request's worth ({@link
   * SenderSettings#maxRequestMetrics()}) has arrived since the last round began, a round runs at
   * once rather than at the next interval, unless the sender is backing off.
   */
  private void published(long metrics) {
    if (publishedSinceRound.addAndGet(metrics) < settings.maxRequestMetrics()
        || stopping
        || !isRunning()) {
      return;
    }
    Instant at = retryAt;
    if (at != null && clock.instant().isBefore(at)) {
      return; // backing off: the backoff decides when to try again
    }
    if (wakeRequested.compareAndSet(false, true)) {
      periodic.runNow(); // its future says nothing a wake-up needs; a stopped worker fails it
    }
  }

  /** The delay after a round: the backoff while backing off, else the interval plus jitter. */
  private Duration nextDelay(Duration interval) {
    Instant at = retryAt;
    if (at != null) {
      return Duration.between(clock.instant(), at);
    }
    long jitterNanos = (long) (settings.jitter().toNanos() * random.getAsDouble());
    return interval.plusNanos(jitterNanos);
  }

  // ---------------------------------------------------------------------------------------------
  // A round; all on the round thread.

  /** One round's tally. */
  private static final class Tally {
    int sent;
    int rejected;
    SendOutcome.@Nullable Retryable retry;
  }

  private void round() throws IOException, InterruptedException {
    publishedSinceRound.set(0);
    wakeRequested.set(false);
    Tally tally = new Tally();
    while (!stopping && tally.retry == null) {
      List<MetricBatch> window = readWindow();
      if (window.isEmpty()) {
        break;
      }
      deliver(window, tally);
    }
    SendOutcome.Retryable retry = tally.retry;
    if (stopping) {
      // Aborted by stop: not a failure of the backend's.
    } else if (retry != null) {
      consecutiveFailures++;
      Duration wait = settings.backoff().delay(consecutiveFailures, retry.retryAfter(), random);
      retryAt = clock.instant().plus(wait);
      lastError = retry.reason();
      failureLog.failed(
          sink.url().toString(),
          "sending to "
              + sink.url()
              + " failed ("
              + consecutiveFailures
              + " in a row); retrying in "
              + wait
              + ": "
              + retry.reason(),
          null);
    } else {
      if (consecutiveFailures > 0) {
        log.info("sending to {} works again", sink.url());
        failureLog.recovered(sink.url().toString());
      }
      consecutiveFailures = 0;
      retryAt = null;
      lastSent = clock.instant();
    }
    lastRound =
        new SendRound(tally.sent, tally.rejected, Optional.ofNullable(retry).map(r -> r.reason()));
  }

  private List<MetricBatch> readWindow() throws IOException {
    List<MetricBatch> window = new ArrayList<>();
    try (BatchCursor cursor =
        requireNonNull(reader).oldestFirst(WINDOW_BATCHES, settings.maxRequestBytes())) {
      for (MetricBatch batch = cursor.next(); batch != null; batch = cursor.next()) {
        window.add(batch);
      }
    }
    return window;
  }

  /**
   * Delivers {@code window}: every batch is decided (removed or rejected) unless a retryable
   * failure or a stop ends it early, noted in {@code tally}. Each pass encodes the batches still
   * undecided and sends its requests by shard ({@link #sendShards}); after a pass that ended on a
   * refusal of several batches as a whole, batches are sent alone ({@link #isolate}) and the next
   * pass encodes the rest.
   */
  private void deliver(List<MetricBatch> window, Tally tally)
      throws IOException, InterruptedException {
    Set<String> uuids = new HashSet<>();
    window.forEach(batch -> uuids.add(batch.uuid()));
    progress.retainOnly(uuids); // batches gone from the spool some other way
    List<MetricBatch> pending = window;
    while (!pending.isEmpty()) {
      SinkEncoding encoding = sink.encode(pending, progress);
      Pass pass = new Pass(pending, encoding);
      pass.applyDecided(tally);
      List<SinkRequest> refused = sendShards(pass, encoding.requests(), tally);
      pass.applyDecided(tally);
      progress.flush();
      if (stopping || tally.retry != null) {
        return; // the batches not decided stay, for the next round
      }
      if (!refused.isEmpty() && !isolate(pass, refused, tally)) {
        return;
      }
      List<MetricBatch> left = pass.undecided();
      if (left.size() == pending.size()) {
        throw new IllegalStateException(sink + " left batches undecided: " + left.get(0).uuid());
      }
      pending = left;
    }
  }

  /** A request sent, and its answer; none when the worker was stopping and it was not sent. */
  private record Sent(SinkRequest request, @Nullable SinkResponse response) {}

  /**
   * Sends {@code requests}, each shard's one at a time and in order and the shards' at once,
   * applying in spool order the batches their answers decide. A shard sends its next request once
   * the last is answered with anything but a retryable failure or a refusal of several batches as a
   * whole (rejected or already present). After either, or a stop, no shard starts another, and the
   * requests in flight are waited for. A retryable failure is noted in {@code tally}.
   *
   * @return the requests of several batches refused as a whole, in the order answered
   */
  private List<SinkRequest> sendShards(Pass pass, List<SinkRequest> requests, Tally tally)
      throws IOException, InterruptedException {
    Map<Integer, ArrayDeque<SinkRequest>> shards = new TreeMap<>();
    for (SinkRequest request : requests) {
      shards.computeIfAbsent(request.shard(), shard -> new ArrayDeque<>()).add(request);
    }
    CompletionService<Sent> answers = new ExecutorCompletionService<>(sendExecutor);
    List<SinkRequest> refused = new ArrayList<>();
    int inFlight = 0;
    for (ArrayDeque<SinkRequest> shard : shards.values()) {
      submit(answers, shard.remove());
      inFlight++;
    }
    boolean halted = false;
    while (inFlight > 0) {
      Sent sent = take(answers);
      inFlight--;
      SinkResponse response = sent.response();
      if (stopping || response == null) {
        continue; // answers after a stop decide nothing
      }
      SinkRequest request = sent.request();
      noteFailure(response);
      SendOutcome.Retryable retryable = firstRetryable(response);
      SendOutcome outcome = outcomeFor(response, request.batches().get(0));
      if (retryable == null
          && response.wholeRequest()
          && ((request.batches().size() > 1 && !(outcome instanceof SendOutcome.Accepted))
              || (outcome instanceof SendOutcome.Rejected
                  && pass.batch(pass.position(request.batches().get(0))).metrics().size() > 1))) {
        log.info(
            "{} refused a request of {} batches and {} samples ({}); sending each batch alone",
            sink.url(),
            request.batches().size(),
            request.metrics(),
            outcome);
        refused.add(request);
        halted = true;
        continue;
      }
      pass.answer(request, response);
      pass.applyDecided(tally);
      progress.flush();
      if (retryable != null) {
        if (tally.retry == null) {
          tally.retry = retryable;
        }
        halted = true;
        continue;
      }
      SinkRequest next = shards.get(request.shard()).poll();
      if (next != null && !halted) {
        submit(answers, next);
        inFlight++;
      }
    }
    return refused;
  }

  /** Sends {@code request} on the send executor, unless the worker is stopping by then. */
  private void submit(CompletionService<Sent> answers, SinkRequest request) {
    answers.submit(() -> new Sent(request, stopping ? null : post(request)));
  }

  /** The next answer to come. */
  private static Sent take(CompletionService<Sent> answers) throws InterruptedException {
    try {
      return answers.take().get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InterruptedException interrupted) {
        throw interrupted;
      }
      Throwables.throwIfUnchecked(cause);
      throw new IllegalStateException("sending failed", cause);
    }
  }

  /**
   * Sends alone, oldest first, every undecided batch of {@code pass} up to the last one that a
   * request in {@code refused} carried, as the class description says, and applies what each gets.
   *
   * @return false if a retryable failure or a stop ended it
   */
  private boolean isolate(Pass pass, List<SinkRequest> refused, Tally tally)
      throws IOException, InterruptedException {
    int last = 0;
    for (SinkRequest request : refused) {
      for (String uuid : request.batches()) {
        last = Math.max(last, pass.position(uuid));
      }
    }
    for (int i = 0; i <= last; i++) {
      if (!pass.applied(i)) {
        if (!sendAlone(pass.batch(i), tally)) {
          return false;
        }
        pass.markApplied(i);
      }
    }
    return true;
  }

  /**
   * Sends one batch on its own, its requests one after another on this thread, and applies what it
   * gets; false if a retryable failure or a stop ended it.
   */
  private boolean sendAlone(MetricBatch batch, Tally tally)
      throws IOException, InterruptedException {
    SinkEncoding encoding = sink.encode(List.of(batch), progress);
    String bad = encoding.unencodable().get(batch.uuid());
    if (bad != null) {
      apply(batch, new SendOutcome.Rejected("cannot encode it: " + bad), tally);
      return true;
    }
    SendOutcome outcome = SendOutcome.ACCEPTED;
    for (SinkRequest request : encoding.requests()) {
      SinkResponse response = post(request);
      if (stopping) {
        return false;
      }
      noteFailure(response);
      SendOutcome part = outcomeFor(response, batch.uuid());
      if (part instanceof SendOutcome.Retryable retryable) {
        progress.flush();
        tally.retry = retryable;
        return false;
      }
      if (part instanceof SendOutcome.Accepted || part instanceof SendOutcome.AlreadyPresent) {
        progress.accepted(request, 0);
        progress.flush();
      }
      if (part instanceof SendOutcome.Rejected rejected
          && response.wholeRequest()
          && batch.metrics().size() > 1) {
        progress.flush();
        return split(batch, rejected, tally);
      }
      outcome = worse(outcome, part);
    }
    apply(batch, outcome, tally);
    return true;
  }

  /**
   * Isolates the samples of {@code batch} that the backend refuses for good, having refused a
   * request of it as a whole with {@code refusal}: sends its metrics again in halves, and each
   * refused half in halves again, depth first and in the batch's order, down to single metrics. The
   * metrics refused alone go to {@code rejected/} as a batch of their own, with the backend's
   * reason; the batch, the rest delivered, is removed. At most {@value #MAX_SPLIT_REQUESTS}
   * requests are spent on one batch; a part not yet isolated then is rejected with what it holds.
   * The halves are sent whole (what earlier requests delivered goes again: the backend has it
   * already, and takes it again or says so).
   *
   * @return false if a retryable failure or a stop ended it; the batch then stays, whole
   */
  private boolean split(MetricBatch batch, SendOutcome.Rejected refusal, Tally tally)
      throws IOException, InterruptedException {
    Split split = new Split(batch, refusal.reason(), tally);
    int n = batch.metrics().size();
    int middle = n / 2;
    if (!split.send(0, middle) || !split.send(middle, n)) {
      return false;
    }
    if (split.refused.isEmpty()) {
      apply(batch, SendOutcome.ACCEPTED, tally);
    } else if (split.refused.size() == n) {
      apply(batch, new SendOutcome.Rejected(split.reason), tally);
    } else {
      MetricReader spool = requireNonNull(reader);
      String part;
      try {
        part = spool.rejectPart(batch, split.refused, split.reason);
      } catch (SpoolFullException | BatchTooLargeException e) {
        // No room for the part on its own: the batch goes to rejected/ whole, its delivered
        // samples with it, rather than being sent again forever.
        apply(
            batch,
            new SendOutcome.Rejected(
                split.reason
                    + " ("
                    + split.refused.size()
                    + " of its "
                    + n
                    + " metrics; the others were delivered, but the spool had no room for the"
                    + " refused ones alone: "
                    + e.getMessage()
                    + ")"),
            tally);
        return true;
      }
      rejectedBatches.incrementAndGet();
      rejectedMetrics.addAndGet(split.refused.size());
      tally.rejected++;
      lastError =
          "batch " + batch.uuid() + ": " + split.refused.size() + " rejected: " + split.reason;
      log.warn(
          "{} rejected {} of the {} metrics of batch {} from {} for good; moved to rejected/ as"
              + " batch {}, the rest delivered: {}",
          sink.url(),
          split.refused.size(),
          n,
          batch.uuid(),
          batch.charmUrl(),
          part,
          split.reason);
      progress.forget(batch.uuid());
      spool.remove(batch.uuid());
      sentBatches.incrementAndGet();
      sentMetrics.addAndGet(n - split.refused.size());
      tally.sent++;
    }
    return true;
  }

  /** The most requests spent isolating the refused metrics of one batch ({@link #split}). */
  static final int MAX_SPLIT_REQUESTS = 64;

  /** The state of one {@link #split}: the metrics refused alone so far, and the requests left. */
  private final class Split {
    final MetricBatch batch;
    final Tally tally;
    final List<Metric> refused = new ArrayList<>();
    String reason;
    int requestsLeft = MAX_SPLIT_REQUESTS;

    Split(MetricBatch batch, String reason, Tally tally) {
      this.batch = batch;
      this.reason = reason;
      this.tally = tally;
    }

    /** Sends metrics {@code [from, to)}, halving what is refused; false on a retryable failure. */
    boolean send(int from, int to) throws IOException, InterruptedException {
      if (from >= to) {
        return true;
      }
      List<Metric> metrics = batch.metrics().subList(from, to);
      if (requestsLeft <= 0) {
        refused.addAll(metrics);
        return true;
      }
      MetricBatch part = new MetricBatch(batch.metadata(), metrics);
      SendOutcome outcome = SendOutcome.ACCEPTED;
      for (SinkRequest request : sink.encode(List.of(part)).requests()) {
        requestsLeft--;
        SinkResponse response = post(request);
        if (stopping) {
          return false;
        }
        noteFailure(response);
        SendOutcome answer = outcomeFor(response, batch.uuid());
        if (answer instanceof SendOutcome.Retryable retryable) {
          tally.retry = retryable;
          return false;
        }
        outcome = worse(outcome, answer);
      }
      if (!(outcome instanceof SendOutcome.Rejected rejected)) {
        return true;
      }
      if (to - from == 1) {
        refused.add(metrics.get(0));
        reason = rejected.reason();
        return true;
      }
      int middle = (from + to) >>> 1;
      return send(from, middle) && send(middle, to);
    }
  }

  /**
   * Sends {@code request}, counting it and holding it {@linkplain SenderStats#requestsInFlight in
   * flight} until the sink returns or throws; on the thread it is called on.
   */
  private SinkResponse post(SinkRequest request) throws InterruptedException {
    requests.incrementAndGet();
    requestsInFlight.incrementAndGet();
    try {
      return sink.send(request);
    } finally {
      requestsInFlight.decrementAndGet();
    }
  }

  /** Counts {@code response} as failed if it is, unless the worker is stopping. */
  private void noteFailure(SinkResponse response) {
    if (response.failure().isPresent() && !stopping) {
      failedRequests.incrementAndGet();
      lastError = response.failure().get();
    }
  }

  private static SendOutcome.@Nullable Retryable firstRetryable(SinkResponse response) {
    for (SendOutcome outcome : response.outcomes().values()) {
      if (outcome instanceof SendOutcome.Retryable retryable) {
        return retryable;
      }
    }
    return null;
  }

  private static SendOutcome outcomeFor(SinkResponse response, String uuid) {
    SendOutcome outcome = response.outcomes().get(uuid);
    return outcome != null ? outcome : new SendOutcome.Retryable("no outcome for batch " + uuid);
  }

  /** The outcome that decides a batch sent in parts: rejected, then already present, accepted. */
  static SendOutcome worse(SendOutcome a, SendOutcome b) {
    return rank(b) > rank(a) ? b : a;
  }

  private static int rank(SendOutcome outcome) {
    if (outcome instanceof SendOutcome.Accepted) {
      return 0;
    }
    if (outcome instanceof SendOutcome.AlreadyPresent) {
      return 1;
    }
    return outcome instanceof SendOutcome.Rejected ? 2 : 3;
  }

  private void apply(MetricBatch batch, SendOutcome outcome, Tally tally) throws IOException {
    MetricReader spool = requireNonNull(reader);
    progress.forget(batch.uuid());
    int metrics = batch.metrics().size();
    if (outcome instanceof SendOutcome.Accepted) {
      spool.remove(batch.uuid());
      sent(metrics, tally);
    } else if (outcome instanceof SendOutcome.AlreadyPresent present) {
      spool.remove(batch.uuid());
      sent(metrics, tally);
      alreadyPresentBatches.incrementAndGet();
      log.info(
          "{} already has batch {} from {}: {}",
          sink.url(),
          batch.uuid(),
          batch.charmUrl(),
          present.detail());
    } else if (outcome instanceof SendOutcome.Rejected rejected) {
      if (spool.reject(batch.uuid(), rejected.reason())) {
        rejectedBatches.incrementAndGet();
        rejectedMetrics.addAndGet(metrics);
        tally.rejected++;
      }
      lastError = "batch " + batch.uuid() + " rejected: " + rejected.reason();
      log.warn(
          "{} rejected batch {} from {} ({} metrics) for good; moved to rejected/: {}",
          sink.url(),
          batch.uuid(),
          batch.charmUrl(),
          metrics,
          rejected.reason());
    } else {
      throw new IllegalStateException("a retryable outcome decides nothing: " + outcome);
    }
  }

  private void sent(int metrics, Tally tally) {
    sentBatches.incrementAndGet();
    sentMetrics.addAndGet(metrics);
    tally.sent++;
  }

  /**
   * One encoding of a window's undecided batches being sent: for each batch, how many requests that
   * carry it are still to be answered, the worst answer so far, the shards where it was answered
   * well or not, and whether it is applied.
   */
  private final class Pass {
    private final List<MetricBatch> batches;
    private final List<SinkRequest> requests;
    private final Map<String, Integer> positions;
    private final int[] open;
    private final @Nullable SendOutcome[] worst;
    private final boolean[] applied;

    /** Every batch before this one is applied. */
    private int next;

    /** {@code batches}, in spool order, as {@code encoding} carries them. */
    Pass(List<MetricBatch> batches, SinkEncoding encoding) {
      this.batches = batches;
      this.requests = encoding.requests();
      int n = batches.size();
      this.positions = new HashMap<>(2 * n);
      this.open = new int[n];
      this.worst = new SendOutcome[n];
      this.applied = new boolean[n];
      for (int i = 0; i < n; i++) {
        positions.put(batches.get(i).uuid(), i);
      }
      for (SinkRequest request : requests) {
        for (String uuid : request.batches()) {
          open[position(uuid)]++;
        }
      }
      encoding
          .unencodable()
          .forEach(
              (uuid, reason) ->
                  worst[position(uuid)] = new SendOutcome.Rejected("cannot encode it: " + reason));
    }

    int position(String uuid) {
      Integer position = positions.get(uuid);
      if (position == null) {
        throw new IllegalStateException(sink + " encoded a batch it was not given: " + uuid);
      }
      return position;
    }

    MetricBatch batch(int i) {
      return batches.get(i);
    }

    /**
     * Notes the answer to {@code request} for each batch it carried, and counts what the backend
     * now has of each.
     */
    void answer(SinkRequest request, SinkResponse response) {
      List<String> carried = request.batches();
      for (int k = 0; k < carried.size(); k++) {
        String uuid = carried.get(k);
        int i = position(uuid);
        SendOutcome part = outcomeFor(response, uuid);
        if (part instanceof SendOutcome.Accepted || part instanceof SendOutcome.AlreadyPresent) {
          progress.accepted(request, k);
        }
        if (!(part instanceof SendOutcome.Retryable)) {
          open[i]--;
          SendOutcome before = worst[i];
          worst[i] = before == null ? part : worse(before, part);
        }
      }
    }

    /** Whether every request that carries batch {@code i} is answered, none retryably. */
    private boolean decided(int i) {
      return open[i] == 0 && worst[i] != null;
    }

    boolean applied(int i) {
      return applied[i];
    }

    void markApplied(int i) {
      applied[i] = true;
    }

    /** Applies the decided batches that every older batch of the pass is applied before. */
    void applyInOrder(Tally tally) throws IOException {
      while (next < batches.size() && (applied[next] || decided(next))) {
        applyOne(next, tally);
        next++;
      }
    }

    /** Applies every decided batch, oldest first. */
    void applyDecided(Tally tally) throws IOException {
      applyInOrder(tally);
      for (int i = next; i < batches.size(); i++) {
        if (decided(i)) {
          applyOne(i, tally);
        }
      }
    }

    private void applyOne(int i, Tally tally) throws IOException {
      if (!applied[i]) {
        apply(batches.get(i), requireNonNull(worst[i]), tally);
        applied[i] = true;
      }
    }

    /** The batches not applied, in spool order. */
    List<MetricBatch> undecided() {
      List<MetricBatch> left = new ArrayList<>();
      for (int i = 0; i < batches.size(); i++) {
        if (!applied[i]) {
          left.add(batches.get(i));
        }
      }
      return left;
    }
  }

  @Override
  public String toString() {
    return "sender to " + sink.url() + " [" + state() + "]";
  }
}
