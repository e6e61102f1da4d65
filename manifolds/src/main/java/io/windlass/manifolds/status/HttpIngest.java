package io.windlass.manifolds.status;

import static java.util.Objects.requireNonNull;

import io.windlass.collector.parse.MetricParseException;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricFactory;
import io.windlass.spool.MetricsDataException;
import io.windlass.spool.SpoolFullException;
import io.windlass.spool.ingest.SampleTimeBounds;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
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
 *   <li>{@code 413} past the body limit; nothing kept;
 *   <li>{@code 503} when the spool refuses new data (full, with {@code overflow: reject-new}) or is
 *       not open; nothing kept, and the client should retry later;
 *   <li>{@code 500} when the spool fails otherwise.
 * </ul>
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
final class HttpIngest {
  private static final Logger log = LoggerFactory.getLogger(HttpIngest.class);

  private final MetricFactory spool;
  private final DeclaredMetrics declared;
  private final String unitTag;
  private final int maxLineBytes;
  private final Clock clock;
  private final SampleTimeBounds timeBounds;
  private final IngestStats stats;
  private final PushParsers parsers;

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
  HttpIngest(
      MetricFactory spool,
      DeclaredMetrics declared,
      String unitTag,
      long maxBodyBytes,
      Clock clock,
      SampleTimeBounds timeBounds,
      IngestStats stats,
      PushParsers parsers) {
    this.timeBounds = requireNonNull(timeBounds, "timeBounds");
    this.spool = requireNonNull(spool, "spool");
    this.declared = requireNonNull(declared, "declared");
    this.unitTag = requireNonNull(unitTag, "unitTag");
    this.maxLineBytes =
        (int) Math.min(Integer.MAX_VALUE - 16, Math.max(PushParsers.BUFFER_BYTES, maxBodyBytes));
    this.clock = requireNonNull(clock, "clock");
    this.stats = requireNonNull(stats, "stats");
    this.parsers = requireNonNull(parsers, "parsers");
  }

  /** Takes a request in, unless closed; every {@code true} must be followed by {@link #exit()}. */
  boolean enter() {
    synchronized (lock) {
      if (closed) {
        return false;
      }
      inFlight++;
      return true;
    }
  }

  /** A request taken in by {@link #enter()} is done. */
  void exit() {
    synchronized (lock) {
      inFlight--;
      if (inFlight == 0) {
        lock.notifyAll();
      }
    }
  }

  /** Requests in progress. */
  int inFlight() {
    synchronized (lock) {
      return inFlight;
    }
  }

  /**
   * Takes no more requests and waits up to {@code timeout} for those in progress.
   *
   * @return false if some were still in progress after {@code timeout}
   */
  boolean closeAndAwait(Duration timeout) throws InterruptedException {
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
  PushOutcome push(PushFormat format, InputStream body, Precision precision) {
    IngestStats.Counters counters = stats.of(format);
    counters.requests.increment();
    Instant now = clock.instant();
    PushParser parser = parsers.borrow(format, now, timeBounds, precision);
    byte[] buffer = parsers.borrowBuffer();
    RequestBatches batches = new RequestBatches(spool, declared, format.charmUrl(), unitTag);
    BodyLines lines = new BodyLines(body, buffer, maxLineBytes);
    try {
      PushOutcome outcome = store(lines, parser, batches);
      counters.seriesParsed.add(parser.seriesParsed());
      if (outcome.isStored()) {
        counters.stored.increment();
        counters.samples.add(outcome.samples());
        counters.batches.add(batches.batches());
        counters.nonFinite.add(parser.nonFiniteDropped());
        counters.stringFields.add(parser.stringFieldsSkipped());
      } else {
        counters.refused.increment();
        counters.batches.add(batches.committed());
      }
      return outcome;
    } finally {
      parsers.release(format, parser);
      parsers.releaseBuffer(lines.buffer());
    }
  }

  private PushOutcome store(BodyLines lines, PushParser parser, RequestBatches batches) {
    try {
      while (lines.next()) {
        parser.parseLine(lines.buffer(), lines.start(), lines.end(), lines.lineNumber(), batches);
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
    log.warn("storing a pushed request failed", e);
    return PushOutcome.refused(PushOutcome.FAILED, "not stored: " + e + partly);
  }
}
