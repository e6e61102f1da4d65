package io.windlass.spool.sender;

import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.AbstractService;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.windlass.spool.BatchCursor;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.MetricFactory;
import io.windlass.spool.MetricReader;
import io.windlass.spool.PeriodicWorker;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
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
 * encode each window into requests within its limits, and sends them one after another. A batch is
 * removed as soon as the request carrying its last part is accepted or the backend says it already
 * has it; it is moved to the spool's {@code rejected/} directory when refused for good or when the
 * sink cannot encode it. The round goes on until the spool is empty, a retryable failure ends it
 * (the batches not yet delivered stay, in order), or the worker stops.
 *
 * <p><b>Isolation.</b> A sink whose answer is the whole request's (Prometheus remote write rolls
 * back the whole request when one sample is refused) may refuse several batches for one bad one.
 * Such a refusal decides nothing: each batch of that request is sent again alone, and only what a
 * batch gets alone is held against it, so one bad batch blocks no other.
 *
 * <p><b>Schedule.</b> The first round runs at once; each next one {@link SenderSettings#interval()}
 * plus up to {@link SenderSettings#jitter()} after the last ends. After a round ends on a retryable
 * failure the next waits as {@link SenderSettings#backoff()} says instead (doubling per consecutive
 * failure, or the backend's {@code Retry-After}), and a round that delivers resets it. {@link
 * #sendNow()} runs a round at once, backoff or not.
 *
 * <p><b>Threads.</b> Rounds run on one thread of the worker's own (or the given {@link
 * PeriodicWorker.Scheduler}'s), so a slow or hung backend delays nothing but this worker: each
 * request is bounded by {@link SenderSettings#timeout()}, and stopping aborts the request in
 * progress. Collectors never wait for the sender.
 *
 * <p><b>Failure.</b> The backend's failures are outcomes, counted and retried; the worker fails
 * only when the spool itself fails (a batch cannot be removed or moved), so its supervisor restarts
 * it.
 */
public final class SenderWorker extends AbstractService {

  /** The most batches a round reads into memory at once. */
  public static final int WINDOW_BATCHES = 1000;

  private static final Logger log = LoggerFactory.getLogger(SenderWorker.class);

  private final MetricFactory factory;
  private final MetricSink sink;
  private final SenderSettings settings;
  private final Clock clock;
  private final DoubleSupplier random;
  private final PeriodicWorker periodic;
  private final @Nullable ScheduledExecutorService ownedExecutor;

  private final AtomicLong sentBatches = new AtomicLong();
  private final AtomicLong sentMetrics = new AtomicLong();
  private final AtomicLong alreadyPresentBatches = new AtomicLong();
  private final AtomicLong rejectedBatches = new AtomicLong();
  private final AtomicLong rejectedMetrics = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong failedRequests = new AtomicLong();
  private volatile @Nullable String lastError;
  private volatile @Nullable Instant retryAt;
  private volatile @Nullable Instant lastSent;
  private volatile @Nullable SendRound lastRound;
  private volatile boolean stopping;

  // Round thread only.
  private @Nullable MetricReader reader;
  private int consecutiveFailures;

  /** A sender on a thread of its own, on the system clock. */
  public SenderWorker(MetricFactory factory, MetricSink sink, SenderSettings settings) {
    this(
        factory,
        sink,
        settings,
        Clock.systemUTC(),
        null,
        ThreadLocalRandom.current()::nextDouble,
        ownExecutor());
  }

  /**
   * A sender whose rounds run on {@code scheduler}, on {@code clock}, spreading intervals and
   * backoff with {@code random} (uniform in [0, 1]). Tests pass a manual scheduler and clock.
   */
  public SenderWorker(
      MetricFactory factory,
      MetricSink sink,
      SenderSettings settings,
      Clock clock,
      PeriodicWorker.Scheduler scheduler,
      DoubleSupplier random) {
    this(factory, sink, settings, clock, requireNonNull(scheduler, "scheduler"), random, null);
  }

  private SenderWorker(
      MetricFactory factory,
      MetricSink sink,
      SenderSettings settings,
      Clock clock,
      PeriodicWorker.@Nullable Scheduler scheduler,
      DoubleSupplier random,
      @Nullable ScheduledExecutorService ownedExecutor) {
    this.factory = requireNonNull(factory, "factory");
    this.sink = requireNonNull(sink, "sink");
    this.settings = requireNonNull(settings, "settings");
    this.clock = requireNonNull(clock, "clock");
    this.random = requireNonNull(random, "random");
    this.ownedExecutor = ownedExecutor;
    PeriodicWorker.Scheduler runs =
        scheduler != null
            ? scheduler
            : PeriodicWorker.Scheduler.of(requireNonNull(ownedExecutor, "executor"));
    this.periodic =
        new PeriodicWorker(this::round, settings.interval(), this::nextDelay, this::halt, runs);
  }

  private static ScheduledExecutorService ownExecutor() {
    return Executors.newSingleThreadScheduledExecutor(
        new ThreadFactoryBuilder().setNameFormat("windlass-sender-%d").setDaemon(true).build());
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
        Optional.ofNullable(lastError),
        Optional.ofNullable(retryAt),
        Optional.ofNullable(lastSent));
  }

  @Override
  protected void doStart() {
    try {
      reader = factory.reader();
    } catch (IOException | RuntimeException e) {
      terminateOwnedExecutor();
      notifyFailed(e);
      return;
    }
    periodic.addListener(
        new Listener() {
          @Override
          public void running() {
            log.info(
                "sending the spool to {} ({}) every {}",
                sink.url(),
                sink.type(),
                settings.interval());
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

  /** The periodic worker's stop hook: ends the round in progress soon. */
  private void halt() {
    stopping = true;
    sink.abort();
  }

  private void release() {
    MetricReader open = reader;
    if (open != null) {
      open.close();
    }
    terminateOwnedExecutor();
  }

  private void terminateOwnedExecutor() {
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
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
      log.warn(
          "sending to {} failed ({} in a row); retrying in {}: {}",
          sink.url(),
          consecutiveFailures,
          wait,
          retry.reason());
    } else {
      if (consecutiveFailures > 0) {
        log.info("sending to {} works again", sink.url());
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
   * failure or a stop ends it early, noted in {@code tally}.
   */
  private void deliver(List<MetricBatch> window, Tally tally)
      throws IOException, InterruptedException {
    Map<String, MetricBatch> byUuid = new LinkedHashMap<>();
    window.forEach(batch -> byUuid.put(batch.uuid(), batch));
    List<MetricBatch> pending = new ArrayList<>(window);
    while (!pending.isEmpty()) {
      SinkEncoding encoding = sink.encode(pending);
      Set<String> decided = new HashSet<>();
      for (Map.Entry<String, String> bad : encoding.unencodable().entrySet()) {
        apply(
            byUuid.get(bad.getKey()),
            new SendOutcome.Rejected("cannot encode it: " + bad.getValue()),
            tally);
        decided.add(bad.getKey());
      }
      Map<String, SendOutcome> parts = new HashMap<>();
      for (SinkRequest request : encoding.requests()) {
        SinkResponse response = send(request);
        if (stopping) {
          return;
        }
        SendOutcome.Retryable retryable = firstRetryable(response);
        SendOutcome outcome = outcomeFor(response, request.batches().get(0));
        if (retryable == null
            && response.wholeRequest()
            && request.batches().size() > 1
            && !(outcome instanceof SendOutcome.Accepted)) {
          log.info(
              "{} refused a request of {} batches ({}); sending each alone",
              sink.url(),
              request.batches().size(),
              outcome);
          for (String uuid : request.batches()) {
            if (decided.add(uuid) && !sendAlone(byUuid.get(uuid), tally)) {
              return;
            }
          }
          break; // encode what is left again
        }
        for (String uuid : request.batches()) {
          parts.merge(uuid, outcomeFor(response, uuid), SenderWorker::worse);
        }
        for (String uuid : request.finishes()) {
          SendOutcome decision = parts.remove(uuid);
          if (!(decision instanceof SendOutcome.Retryable)) {
            apply(byUuid.get(uuid), decision, tally);
            decided.add(uuid);
          }
        }
        if (retryable != null) {
          // Batches the backend decided are applied above; the rest stay for the next round.
          tally.retry = retryable;
          return;
        }
      }
      int before = pending.size();
      pending.removeIf(batch -> decided.contains(batch.uuid()));
      if (pending.size() == before) {
        throw new IllegalStateException(sink + " left batches undecided: " + pending.get(0).uuid());
      }
    }
  }

  /** Sends one batch on its own; false if a retryable failure or a stop ended it. */
  private boolean sendAlone(MetricBatch batch, Tally tally)
      throws IOException, InterruptedException {
    SinkEncoding encoding = sink.encode(List.of(batch));
    String bad = encoding.unencodable().get(batch.uuid());
    if (bad != null) {
      apply(batch, new SendOutcome.Rejected("cannot encode it: " + bad), tally);
      return true;
    }
    SendOutcome outcome = SendOutcome.ACCEPTED;
    for (SinkRequest request : encoding.requests()) {
      SinkResponse response = send(request);
      if (stopping) {
        return false;
      }
      SendOutcome part = outcomeFor(response, batch.uuid());
      if (part instanceof SendOutcome.Retryable retryable) {
        tally.retry = retryable;
        return false;
      }
      outcome = worse(outcome, part);
    }
    apply(batch, outcome, tally);
    return true;
  }

  private SinkResponse send(SinkRequest request) throws InterruptedException {
    requests.incrementAndGet();
    SinkResponse response = sink.send(request);
    if (response.failure().isPresent() && !stopping) {
      failedRequests.incrementAndGet();
      lastError = response.failure().get();
    }
    return response;
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

  @Override
  public String toString() {
    return "sender to " + sink.url() + " [" + state() + "]";
  }
}
