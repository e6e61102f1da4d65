package io.windlass.spool.ingest.http;

import static java.util.Objects.requireNonNull;

import io.windlass.spool.BatchFormat;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.DiskFull;
import io.windlass.spool.IntervalLog;
import io.windlass.spool.MetricFactory;
import io.windlass.spool.MetricsDataException;
import io.windlass.spool.SpoolFullException;
import io.windlass.spool.ingest.SampleTimeBounds;
import io.windlass.spool.ingest.format.MetricParseException;
import io.windlass.spool.ingest.format.Precision;
import io.windlass.spool.ingest.format.PushParser;
import io.windlass.spool.ingest.format.PushParsers;
import io.windlass.spool.ingest.format.SampleSink;
import io.windlass.spool.ingest.format.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores pushed requests in the spool: reads the body line by line as it arrives ({@link
 * BodyLines}), parses each line ({@link PushParser}) and records its samples straight into the
 * request's spool batches ({@link RequestBatches}), which are published only once the whole body
 * has been read and parsed. So a request is all or nothing:
 *
 * <ul>
 *   <li>{@code 204} once every sample of the request is durable in the spool;
 *   <li>{@code 400} with the first bad line's number and reason ({@code line 7: invalid value
 *       "x"}), also for a sample the spool refuses as such (an undeclared key, a reserved label
 *       name), a timestamp out of the {@link SampleTimeBounds}, text that is not UTF-8 or holds a
 *       NUL, or a body that cannot be read (bad gzip); nothing of the request is kept;
 *   <li>{@code 413} past the body limit, or a line longer than {@value #MAX_LINE_BYTES} bytes;
 *       nothing kept;
 *   <li>{@code 503} when the spool refuses new data (full, with {@code overflow: reject-new}) or is
 *       not open, or when {@value #MAX_CONCURRENT_PUSHES} pushes are in progress and none ends
 *       within {@link #QUEUE_WAIT} (or {@value #MAX_WAITING_PUSHES} others are already waiting);
 *       nothing kept, and the client should retry later;
 *   <li>{@code 507} when the spool's disk is full; nothing kept, retry later;
 *   <li>{@code 500} when the spool fails otherwise.
 * </ul>
 *
 * <p>Expected failures (a full disk, a failing spool) are logged one line at most once per {@link
 * IntervalLog#DEFAULT_INTERVAL} with a count, their stack traces at debug.
 *
 * <p>Memory: a request is streamed, line by line, into spool batches spilled to temporary files, so
 * what it holds does not grow with its body: a line buffer (at most {@value #MAX_LINE_BYTES}
 * bytes), a parser with its bounded caches (see {@link PushParsers}), handles for at most {@link
 * RequestBatches#MAX_BOUND_SERIES} series, and one spool line buffer. At most {@value
 * #MAX_CONCURRENT_PUSHES} requests are stored at once; the others wait for a turn, which bounds the
 * memory of all requests together whatever their number and size.
 *
 * <p>Throughput: parsers and line buffers are pooled across requests ({@link PushParsers}), so the
 * series caches stay warm; a request is one spool batch (or one per {@value
 * RequestBatches#MAX_SAMPLES_PER_BATCH} samples), written as it is parsed and fsynced once;
 * concurrent requests publish concurrently and share the spool's directory syncs (its group
 * commit).
 *
 * <p>One per {@code http-ingest} worker start; {@link #closeAndAwait} lets requests in progress
 * finish before the spool behind it closes. Thread-safe.
 */
public final class HttpIngest {
  /**
   * How pushed batches are written: in the spool's compact binary form, about a fifth to a tenth of
   * the bytes of JSON lines (unless the spool's options keep every file in JSON lines).
   */
  static final BatchFormat PUSHED_BATCHES = BatchFormat.BINARY;

  private static final Logger log = LoggerFactory.getLogger(HttpIngest.class);

  /** The most requests stored at once; others wait up to {@link #QUEUE_WAIT} for a turn. */
  public static final int MAX_CONCURRENT_PUSHES = 4;

  /**
   * The most requests waiting for a turn; past them a request is answered {@code 503} at once, so
   * that waiting pushes leave the server's threads free for health checks and reads.
   */
  public static final int MAX_WAITING_PUSHES = 2 * MAX_CONCURRENT_PUSHES;

  /** How long a request waits for a turn before it is answered {@code 503}. */
  public static final Duration QUEUE_WAIT = Duration.ofSeconds(30);

  /** The longest line of a pushed body, in bytes; a longer one is answered {@code 413}. */
  public static final int MAX_LINE_BYTES = 1024 * 1024;

  private final MetricFactory spool;
  private final DeclaredMetrics declared;
  private final String unitTag;
  private final int maxLineBytes;
  private final Clock clock;
  private final SampleTimeBounds timeBounds;
  private final IngestStats stats;
  private final PushParsers parsers;
  private final Semaphore turns;
  private final AtomicInteger waiting = new AtomicInteger();
  private final Duration queueWait;
  private final IntervalLog diskFullLog;
  private final IntervalLog failureLog;

  private final Object lock = new Object();
  private int inFlight; // guarded by lock
  private boolean closed; // guarded by lock

  /**
   * Stores into {@code spool}.
   *
   * @param declared the metrics the spool takes
   * @param unitTag the agent's tag, every batch's unit tag
   * @param maxBodyBytes the largest body, which bounds the longest line
   * @param clock the time of samples without one, and the clock {@code timeBounds} are measured
   *     from
   * @param timeBounds how far from {@code clock} a sample's timestamp may be
   * @param parsers the parsers to borrow, kept warm across ingest restarts
   */
  public HttpIngest(
      MetricFactory spool,
      DeclaredMetrics declared,
      String unitTag,
      long maxBodyBytes,
      Clock clock,
      SampleTimeBounds timeBounds,
      IngestStats stats,
      PushParsers parsers) {
    this(
        spool,
        declared,
        unitTag,
        maxBodyBytes,
        clock,
        timeBounds,
        stats,
        parsers,
        MAX_CONCURRENT_PUSHES,
        QUEUE_WAIT,
        IntervalLog.DEFAULT_INTERVAL);
  }

  /**
   * As above, with the limits given: at most {@code maxConcurrent} requests stored at once, each
   * waiting up to {@code queueWait} for a turn; failures logged at most once per {@code
   * logInterval} as {@code clock} tells it.
   */
  public HttpIngest(
      MetricFactory spool,
      DeclaredMetrics declared,
      String unitTag,
      long maxBodyBytes,
      Clock clock,
      SampleTimeBounds timeBounds,
      IngestStats stats,
      PushParsers parsers,
      int maxConcurrent,
      Duration queueWait,
      Duration logInterval) {
    this.turns = new Semaphore(maxConcurrent, true);
    this.queueWait = requireNonNull(queueWait, "queueWait");
    this.diskFullLog = new IntervalLog(log, logInterval, clock);
    this.failureLog = new IntervalLog(log, logInterval, clock);
    this.timeBounds = requireNonNull(timeBounds, "timeBounds");
    this.spool = requireNonNull(spool, "spool");
    this.declared = requireNonNull(declared, "declared");
    this.unitTag = requireNonNull(unitTag, "unitTag");
    this.maxLineBytes =
        (int) Math.min(MAX_LINE_BYTES, Math.max(PushParsers.BUFFER_BYTES, maxBodyBytes));
    this.clock = requireNonNull(clock, "clock");
    this.stats = requireNonNull(stats, "stats");
    this.parsers = requireNonNull(parsers, "parsers");
  }

  /** Takes a request in, unless closed; every {@code true} must be followed by {@link #exit()}. */
  public boolean enter() {
    synchronized (lock) {
      if (closed) {
        return false;
      }
      inFlight++;
      return true;
    }
  }

  /** A request taken in by {@link #enter()} is done. */
  public void exit() {
    synchronized (lock) {
      inFlight--;
      if (inFlight == 0) {
        lock.notifyAll();
      }
    }
  }

  /** Requests waiting for a turn to be stored. */
  public int waitingPushes() {
    return waiting.get();
  }

  /** Requests in progress. */
  public int inFlight() {
    synchronized (lock) {
      return inFlight;
    }
  }

  /**
   * Takes no more requests and waits up to {@code timeout} for those in progress.
   *
   * @return false if some were still in progress after {@code timeout}
   */
  public boolean closeAndAwait(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      closed = true;
      while (inFlight > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  /**
   * Stores one request's body, read from {@code body} (decoded, and limited to the body limit by
   * the caller, which throws {@link BodyTooLargeException} past it).
   *
   * @param precision the unit of Influx timestamps; ignored for Prometheus text
   */
  public PushOutcome push(PushFormat format, InputStream body, Precision precision) {
    return push(format, null, body, precision);
  }

  /**
   * Stores one request's body, as above, read in the wire format its content type names ({@link
   * PushFormat#wireFormat(String)}: OpenMetrics text, whose integer timestamps are seconds, on the
   * Prometheus path).
   *
   * @param contentType the request's {@code Content-Type}, or null if it has none
   */
  public PushOutcome push(
      PushFormat format, @Nullable String contentType, InputStream body, Precision precision) {
    IngestStats.Counters counters = stats.of(format);
    counters.requests.increment();
    PushOutcome busy = awaitTurn();
    if (busy != null) {
      counters.refused.increment();
      return busy;
    }
    try {
      return pushInTurn(format.wireFormat(contentType), format, counters, body, precision, null);
    } finally {
      turns.release();
    }
  }

  /**
   * Stores one request's body of Prometheus text (OpenMetrics text if its content type says so)
   * pushed as to a Pushgateway ({@link PushFormat#PUSHGATEWAY}): as above, every sample with the
   * labels of {@code group} ({@link GroupingKey#applyTo}) and of the push's time; a sample with a
   * timestamp of its own gets {@code 400}, as the Pushgateway answers it.
   */
  public PushOutcome push(GroupingKey group, @Nullable String contentType, InputStream body) {
    PushFormat format = PushFormat.PUSHGATEWAY;
    IngestStats.Counters counters = stats.of(format);
    counters.requests.increment();
    PushOutcome busy = awaitTurn();
    if (busy != null) {
      counters.refused.increment();
      return busy;
    }
    try {
      return pushInTurn(
          format.wireFormat(contentType),
          format,
          counters,
          body,
          Precision.NANOSECONDS,
          requireNonNull(group, "group"));
    } finally {
      turns.release();
    }
  }

  /**
   * Stores one request of a binary format, which {@code push} reads and decodes whole, in the
   * request's turn; all or nothing, and answered as the text pushes are: {@code 204} once every
   * sample is durable, {@code 400} for a {@link MalformedPushException} (or a sample the spool
   * refuses as such), {@code 413} past the body limit, {@code 503}, {@code 507} or {@code 500} as
   * the spool fails.
   */
  public PushOutcome push(PushFormat format, DecodedPush push) {
    IngestStats.Counters counters = stats.of(format);
    counters.requests.increment();
    PushOutcome busy = awaitTurn();
    if (busy != null) {
      counters.refused.increment();
      return busy;
    }
    try {
      RequestBatches batches =
          new RequestBatches(spool, declared, format.charmUrl(), unitTag, PUSHED_BATCHES);
      PushOutcome outcome = storeDecoded(push, batches, counters);
      if (outcome.isStored()) {
        counters.stored.increment();
        counters.samples.add(outcome.samples());
        counters.batches.add(batches.batches());
      } else {
        counters.refused.increment();
        counters.batches.add(batches.committed());
      }
      return outcome;
    } finally {
      turns.release();
    }
  }

  private PushOutcome storeDecoded(
      DecodedPush push, RequestBatches batches, IngestStats.Counters counters) {
    DecodedPush.Dropped dropped;
    try {
      dropped = push.writeTo(batches, declared, clock.instant(), timeBounds);
    } catch (BodyTooLargeException e) {
      batches.discard();
      return PushOutcome.refused(PushOutcome.TOO_LARGE, e.getMessage());
    } catch (MalformedPushException | MetricsDataException e) {
      batches.discard();
      return PushOutcome.refused(PushOutcome.BAD_REQUEST, e.getMessage());
    } catch (IOException | RuntimeException e) {
      batches.discard();
      return spoolFailure(e, 0);
    }
    try {
      batches.commit();
    } catch (IOException | RuntimeException e) {
      return spoolFailure(e, batches.committed());
    }
    counters.exemplarsDropped.add(dropped.exemplars());
    counters.staleMarkersDropped.add(dropped.staleMarkers());
    counters.refusedPoints.add(dropped.refusedPoints());
    return PushOutcome.stored(batches.samples());
  }

  /**
   * Waits for a turn to store a request: null once it has one, else why there is none ({@code
   * 503}).
   */
  private @Nullable PushOutcome awaitTurn() {
    try {
      if (turns.tryAcquire(0, TimeUnit.NANOSECONDS)) { // in turn: the semaphore is fair
        return null;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return PushOutcome.refused(PushOutcome.UNAVAILABLE, "not stored: the agent is stopping");
    }
    if (waiting.incrementAndGet() > MAX_WAITING_PUSHES) {
      waiting.decrementAndGet();
      return PushOutcome.refused(
          PushOutcome.UNAVAILABLE,
          "not stored: the agent is busy storing other pushes ("
              + MAX_WAITING_PUSHES
              + " are waiting); retry later");
    }
    try {
      if (turns.tryAcquire(queueWait.toNanos(), TimeUnit.NANOSECONDS)) {
        return null;
      }
      return PushOutcome.refused(
          PushOutcome.UNAVAILABLE,
          "not stored: the agent is busy storing other pushes (none ended within "
              + queueWait.toSeconds()
              + " s); retry later");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return PushOutcome.refused(PushOutcome.UNAVAILABLE, "not stored: the agent is stopping");
    } finally {
      waiting.decrementAndGet();
    }
  }

  private PushOutcome pushInTurn(
      WireFormat wireFormat,
      PushFormat format,
      IngestStats.Counters counters,
      InputStream body,
      Precision precision,
      @Nullable GroupingKey group) {
    Instant now = clock.instant();
    PushParser parser = parsers.borrow(wireFormat, now, timeBounds, precision);
    byte[] buffer = parsers.borrowBuffer();
    RequestBatches batches =
        new RequestBatches(spool, declared, format.charmUrl(), unitTag, PUSHED_BATCHES);
    SampleSink sink = group == null ? batches : new GroupedSamples(batches, group, now);
    BodyLines lines = new BodyLines(body, buffer, maxLineBytes);
    try {
      PushOutcome outcome = store(lines, parser, sink, batches);
      counters.seriesParsed.add(parser.seriesParsed());
      if (outcome.isStored()) {
        counters.stored.increment();
        counters.samples.add(outcome.samples());
        counters.batches.add(batches.batches());
        counters.stringFields.add(parser.stringFieldsSkipped());
      } else {
        counters.refused.increment();
        counters.batches.add(batches.committed());
      }
      return outcome;
    } finally {
      parsers.release(wireFormat, parser);
      parsers.releaseBuffer(lines.buffer());
    }
  }

  private PushOutcome store(
      BodyLines lines, PushParser parser, SampleSink sink, RequestBatches batches) {
    try {
      while (lines.next()) {
        parser.parseLine(lines.buffer(), lines.start(), lines.end(), lines.lineNumber(), sink);
      }
    } catch (BodyLines.ReadFailure e) {
      batches.discard();
      if (e.getCause() instanceof BodyTooLargeException) {
        return PushOutcome.refused(PushOutcome.TOO_LARGE, e.getMessage());
      }
      return PushOutcome.refused(
          PushOutcome.BAD_REQUEST, "the request body could not be read: " + e.getMessage());
    } catch (MetricParseException e) {
      batches.discard();
      return PushOutcome.refused(PushOutcome.BAD_REQUEST, e.getMessage());
    } catch (MetricsDataException e) {
      batches.discard();
      return PushOutcome.refused(
          PushOutcome.BAD_REQUEST, "line " + lines.lineNumber() + ": " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      batches.discard();
      return spoolFailure(e, 0);
    }
    try {
      batches.commit();
    } catch (IOException | RuntimeException e) {
      return spoolFailure(e, batches.committed());
    }
    return PushOutcome.stored(batches.samples());
  }

  private PushOutcome spoolFailure(Exception e, int committed) {
    String partly =
        committed == 0
            ? ""
            : " (" + committed + " of the request's spool batches were stored before it)";
    if (e instanceof SpoolFullException) {
      return PushOutcome.refused(PushOutcome.UNAVAILABLE, "not stored: " + e.getMessage() + partly);
    }
    if (e instanceof IllegalStateException) {
      // The spool was closed under the request: the spool manifold is restarting.
      return PushOutcome.refused(
          PushOutcome.UNAVAILABLE, "not stored: the spool is not open" + partly);
    }
    if (DiskFull.isCauseOf(e)) {
      diskFullLog.warn("pushes are not stored: " + DiskFull.MESSAGE, e);
      return PushOutcome.refused(
          PushOutcome.INSUFFICIENT_STORAGE,
          DiskFull.MESSAGE + ": not stored, retry later" + partly);
    }
    failureLog.warn("a push was not stored: the spool failed", e);
    return PushOutcome.refused(
        PushOutcome.FAILED, "not stored: the spool failed: " + describe(e) + partly);
  }

  /** A failure's message for a client: no exception class names. */
  private static String describe(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? "an I/O error" : message;
  }
}
