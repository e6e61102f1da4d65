package io.windlass.spool.ingest.socket;

import static java.util.Objects.requireNonNull;

import io.windlass.spool.BatchTooLargeException;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.DiskFull;
import io.windlass.spool.IntervalLog;
import io.windlass.spool.Metric;
import io.windlass.spool.MetricFactory;
import io.windlass.spool.MetricRecorder;
import io.windlass.spool.MetricsDataException;
import io.windlass.spool.SpoolFullException;
import io.windlass.spool.ingest.SampleTimeBounds;
import io.windlass.spool.internal.MetricRules;
import io.windlass.spool.socket.LineBatchHandler;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest protocol's {@link LineBatchHandler}: parses each line of a batch, checks every metric
 * of every line against the spool's rules and its time against the {@link SampleTimeBounds},
 * records the valid lines in one spool batch and answers {@code ok} for them only once that batch
 * is durable (group commit: one recorder, one {@code close()}, one fsync for all the lines that
 * arrived together). See the package documentation for the protocol.
 *
 * <p>A line is all or nothing: if any of its metrics is refused, the line is answered {@code error:
 * <message>} and none of its metrics is recorded; the other lines of the batch are not affected. If
 * recording or publishing the batch fails (the spool is full and refuses new data, an I/O error),
 * every line that was to be acknowledged is answered with that error, and none of them is in the
 * spool.
 *
 * <p>Rarely, the valid lines of one batch do not fit one spool batch ({@link
 * io.windlass.spool.SpoolOptions#maxBatchBytes()}); they are then recorded in as many spool batches
 * as needed, each published before the next is started, and a line too large for a spool batch on
 * its own is refused. A recorder that holds part of a line when it fails is discarded, never
 * closed, so the part is not published and its temporary file, if it had one, is removed.
 *
 * <p>A full disk is answered {@code error: spool disk is full: not stored, retry later}; it and
 * other spool failures are logged one line at most once per {@link IntervalLog#DEFAULT_INTERVAL},
 * with a count, their stack traces at debug.
 *
 * <p>Thread-safe: connections are served concurrently, each batch with its own recorder.
 */
public final class IngestHandler implements LineBatchHandler {

  /** The charm URL of the batches the ingest socket records: {@value}. */
  public static final String CHARM_URL = "local:ingest";

  private static final Logger logger = LoggerFactory.getLogger(IngestHandler.class);

  private static final String OK = "ok";
  private static final String ERROR = "error: ";

  private final MetricFactory factory;
  private final DeclaredMetrics declared;
  private final String charmUrl;
  private final String unitTag;
  private final Clock clock;
  private final IngestRequestParser parser;
  private final SampleTimeBounds timeBounds;
  private final IntervalLog diskFullLog;
  private final IntervalLog failureLog;

  /**
   * A handler that records into batches of {@link #CHARM_URL} with the default parser limits.
   *
   * @param unitTag the reporting agent, the batches' unit tag
   * @param clock the time of metrics whose request gives none
   */
  public IngestHandler(
      MetricFactory factory, DeclaredMetrics declared, String unitTag, Clock clock) {
    this(factory, declared, CHARM_URL, unitTag, clock, new IngestRequestParser());
  }

  /**
   * A handler with every part given but the time bounds, which are {@link
   * SampleTimeBounds#defaults()}.
   */
  public IngestHandler(
      MetricFactory factory,
      DeclaredMetrics declared,
      String charmUrl,
      String unitTag,
      Clock clock,
      IngestRequestParser parser) {
    this(factory, declared, charmUrl, unitTag, clock, parser, SampleTimeBounds.defaults());
  }

  /**
   * A handler with every part given.
   *
   * @param charmUrl the source named in the batches' metadata; not empty
   * @param unitTag the reporting agent, the batches' unit tag; not empty
   * @param clock the time of metrics whose request gives none, and the clock {@code timeBounds} are
   *     measured from
   * @param parser parses lines, with its limits
   * @param timeBounds how far from {@code clock} a metric's time may be
   */
  public IngestHandler(
      MetricFactory factory,
      DeclaredMetrics declared,
      String charmUrl,
      String unitTag,
      Clock clock,
      IngestRequestParser parser,
      SampleTimeBounds timeBounds) {
    this.timeBounds = requireNonNull(timeBounds, "timeBounds");
    this.factory = requireNonNull(factory, "factory");
    this.declared = requireNonNull(declared, "declared");
    this.charmUrl = requireNonNull(charmUrl, "charmUrl");
    this.unitTag = requireNonNull(unitTag, "unitTag");
    this.clock = requireNonNull(clock, "clock");
    this.parser = requireNonNull(parser, "parser");
    this.diskFullLog = new IntervalLog(logger, IntervalLog.DEFAULT_INTERVAL, clock);
    this.failureLog = new IntervalLog(logger, IntervalLog.DEFAULT_INTERVAL, clock);
    if (charmUrl.isEmpty() || unitTag.isEmpty()) {
      throw new IllegalArgumentException("charmUrl and unitTag must not be empty");
    }
  }

  @Override
  public List<String> handle(List<String> lines) {
    int n = lines.size();
    String[] replies = new String[n];
    @SuppressWarnings("unchecked")
    List<Metric>[] accepted = new List[n];
    Instant now = clock.instant();
    int valid = 0;
    for (int i = 0; i < n; i++) {
      try {
        List<Metric> metrics = parser.parse(lines.get(i), now);
        for (Metric metric : metrics) {
          MetricRules.check(
              declared, charmUrl, metric.key(), metric.value(), metric.time(), metric.labels());
          String late = timeBounds.problem(metric.time(), now);
          if (late != null) {
            throw new MetricsDataException("metric \"" + metric.key() + "\" " + late);
          }
        }
        accepted[i] = metrics;
        valid++;
      } catch (IngestRequestException | MetricsDataException e) {
        replies[i] = ERROR + e.getMessage();
      }
    }
    if (valid > 0) {
      new Commit(accepted, replies).run();
    }
    for (int i = 0; i < n; i++) {
      if (replies[i] == null) {
        replies[i] = OK;
      }
    }
    return Arrays.asList(replies);
  }

  /**
   * Records the accepted lines of one batch and fills in the replies of lines that fail; a line
   * left without a reply is durable.
   */
  private final class Commit {
    private final List<Metric>[] accepted;
    private final String[] replies;

    /** The lines recorded in {@link #recorder} and not yet published. */
    private final List<Integer> pending = new ArrayList<>();

    private @Nullable MetricRecorder recorder;

    Commit(List<Metric>[] accepted, String[] replies) {
      this.accepted = accepted;
      this.replies = replies;
    }

    void run() {
      for (int i = 0; i < accepted.length; i++) {
        if (accepted[i] == null) {
          continue;
        }
        try {
          record(i);
        } catch (IOException | RuntimeException e) {
          fail(i, e);
          return;
        }
      }
      try {
        publish();
      } catch (IOException | RuntimeException e) {
        fail(accepted.length, e);
      }
    }

    /**
     * Records line {@code i} in the current recorder; if the recorder is full, publishes the lines
     * before it and records line {@code i} in a new one. Refuses line {@code i} alone (setting its
     * reply) if the spool refuses its data as such.
     */
    private void record(int i) throws IOException {
      while (true) {
        if (recorder == null) {
          recorder = factory.recorder(declared, charmUrl, unitTag);
        }
        int added = 0;
        try {
          for (Metric metric : accepted[i]) {
            recorder.addMetric(metric.key(), metric.value(), metric.time(), metric.labels());
            added++;
          }
          pending.add(i);
          return;
        } catch (BatchTooLargeException e) {
          if (added > 0) {
            restart();
          }
          if (pending.isEmpty()) {
            replies[i] = ERROR + "request does not fit in one spool batch: " + e.getMessage();
            return;
          }
          publish();
        } catch (MetricsDataException e) {
          // The recorder is stricter than the checks made before recording.
          if (added > 0) {
            restart();
          }
          replies[i] = ERROR + e.getMessage();
          return;
        }
      }
    }

    /** Abandons the recorder, which holds part of a line, and records the pending lines anew. */
    private void restart() throws IOException {
      MetricRecorder abandoned = recorder;
      recorder = null;
      if (abandoned != null) {
        abandoned.discard();
      }
      recorder = factory.recorder(declared, charmUrl, unitTag);
      for (int line : pending) {
        for (Metric metric : accepted[line]) {
          recorder.addMetric(metric.key(), metric.value(), metric.time(), metric.labels());
        }
      }
    }

    /** Publishes the pending lines; on failure their replies are set by the caller. */
    private void publish() throws IOException {
      MetricRecorder closing = recorder;
      recorder = null;
      if (closing != null) {
        closing.close();
      }
      pending.clear();
    }

    /**
     * Answers {@code failure} to the pending lines and to every accepted line from {@code next} on,
     * and abandons the recorder unclosed, so none of them is published.
     */
    private void fail(int next, Exception failure) {
      String reply = ERROR + message(failure);
      if (DiskFull.isCauseOf(failure)) {
        diskFullLog.warn("ingest lines are not stored: " + DiskFull.MESSAGE, failure);
      } else if (!(failure instanceof SpoolFullException)) {
        failureLog.warn("ingest lines were not stored: the spool failed", failure);
      }
      for (int line : pending) {
        replies[line] = reply;
      }
      pending.clear();
      MetricRecorder abandoned = recorder;
      recorder = null;
      if (abandoned != null) {
        abandoned.discard();
      }
      for (int i = next; i < accepted.length; i++) {
        if (accepted[i] != null && replies[i] == null) {
          replies[i] = reply;
        }
      }
    }
  }

  private static String message(Exception failure) {
    if (DiskFull.isCauseOf(failure)) {
      return DiskFull.MESSAGE + ": not stored, retry later";
    }
    String message = failure.getMessage();
    if (message == null || message.isBlank()) {
      message = failure.toString();
    }
    if (failure instanceof SpoolFullException) {
      return message;
    }
    return "not stored: " + message;
  }
}
