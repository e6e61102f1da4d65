package io.windlass.manifolds.sender;

import com.google.common.util.concurrent.AbstractService;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.inject.Inject;
import io.windlass.engine.Reporter;
import io.windlass.manifolds.config.AgentConfig;
import io.windlass.manifolds.config.DurationText;
import io.windlass.manifolds.config.SinkSettings;
import io.windlass.manifolds.config.SinkType;
import io.windlass.manifolds.sockets.TriggerTargets;
import io.windlass.manifolds.stats.AgentStats;
import io.windlass.manifolds.stats.SenderState;
import io.windlass.manifolds.stats.StatsSlot;
import io.windlass.spool.MetricFactory;
import io.windlass.spool.sender.BackoffPolicy;
import io.windlass.spool.sender.JsonBatchSink;
import io.windlass.spool.sender.MetricSink;
import io.windlass.spool.sender.RemoteWriteSink;
import io.windlass.spool.sender.SendRound;
import io.windlass.spool.sender.SenderSettings;
import io.windlass.spool.sender.SenderStats;
import io.windlass.spool.sender.SenderWorker;
import io.windlass.spool.socket.Connection;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code sender} worker: adapts a {@link SenderWorker} to the engine. It builds the sink the
 * config's {@code sink} section asks for, runs the sender (whose state it follows: RUNNING once the
 * sender runs, stopped and failed with it), registers {@code send.sock}'s action while it runs, and
 * reports the sender's counters.
 *
 * <p>With no {@code sink.url} there is nothing to send to: the worker logs so and completes at
 * once, so the engine leaves it stopped until an input changes (a new config, which may name a
 * sink), and {@code send.sock} answers {@code error: no sender is running}. Settings the sender
 * refuses (a reserved header) fail the start, and the engine shows why.
 */
final class SenderManifoldWorker extends AbstractService implements Reporter {
  private static final Logger log = LoggerFactory.getLogger(SenderManifoldWorker.class);

  /** {@code windlass/<version>}; the version is the runnable jar's, {@code dev} elsewhere. */
  static final String USER_AGENT =
      "windlass/"
          + java.util.Objects.requireNonNullElse(
              SenderManifoldWorker.class.getPackage().getImplementationVersion(), "dev");

  /**
   * The file under the data directory in which the sender keeps what the backend has of each batch
   * still spooled ({@link SenderSettings#progressJournal()}).
   */
  static final String PROGRESS_JOURNAL = "sender-progress";

  /** The relative spread of each backoff wait. */
  static final double BACKOFF_FUZZ = 0.1;

  private final AgentConfig config;
  private final MetricFactory spool;
  private final TriggerTargets targets;
  private final AgentStats stats;
  private volatile StatsSlot<SenderState>.@Nullable Publication published;
  private volatile @Nullable SenderWorker sender;
  private volatile TriggerTargets.@Nullable Registration registration;

  @Inject
  SenderManifoldWorker(
      AgentConfig config, MetricFactory spool, TriggerTargets targets, AgentStats stats) {
    this.config = config;
    this.spool = spool;
    this.targets = targets;
    this.stats = stats;
  }

  /** The sender settings the config's {@code sink} section asks for. */
  static SenderSettings settings(SinkSettings sink) {
    return builder(sink).build();
  }

  private static SenderSettings.Builder builder(SinkSettings sink) {
    return SenderSettings.builder(sink.url().orElseThrow())
        .interval(sink.interval())
        .jitter(sink.jitter())
        .timeout(sink.timeout())
        .maxRequestMetrics(sink.maxRequestMetrics())
        .maxRequestBytes(sink.maxRequestBytes().bytes())
        .concurrency(sink.concurrency())
        .backoff(new BackoffPolicy(sink.retryMin(), sink.retryMax(), BACKOFF_FUZZ))
        .bearerToken(sink.bearerToken())
        .headers(sink.headers())
        .userAgent(USER_AGENT);
  }

  /**
   * The sender's settings for {@code sink}, keeping what the backend has of partly delivered
   * batches in {@value #PROGRESS_JOURNAL} under {@code dataDir}.
   */
  static SenderSettings settings(SinkSettings sink, Path dataDir) {
    return builder(sink)
        .progressJournal(Optional.of(dataDir.toAbsolutePath().resolve(PROGRESS_JOURNAL)))
        .build();
  }

  /** The sink for {@code type}. */
  static MetricSink sink(SinkType type, SenderSettings settings, Clock clock) {
    return switch (type) {
      case PROMETHEUS_REMOTE_WRITE -> new RemoteWriteSink(settings, clock);
      case JSON -> new JsonBatchSink(settings, clock);
    };
  }

  @Override
  protected void doStart() {
    SinkSettings sink = config.sink();
    if (!sink.enabled()) {
      log.info(
          "no sink.url is configured: batches stay in the spool (up to its bounds); set sink.url"
              + " in the config or run with --sink URL to forward them");
      notifyStarted();
      notifyStopped();
      return;
    }
    SenderWorker started;
    try {
      SenderSettings settings = settings(sink, config.agent().dataDir());
      started = new SenderWorker(spool, sink(sink.type(), settings, Clock.systemUTC()), settings);
    } catch (RuntimeException e) {
      notifyFailed(e);
      return;
    }
    sender = started;
    started.addListener(
        new Listener() {
          @Override
          public void running() {
            registration =
                targets.register(
                    TriggerTargets.Trigger.SEND, connection -> sendNow(started, connection));
            String url = started.sink().url().toString();
            String type = sink.type().label();
            published = stats.sender().publish(() -> new SenderState(url, type, started.stats()));
            notifyStarted();
          }

          @Override
          public void terminated(State from) {
            unregister();
            notifyStopped();
          }

          @Override
          public void failed(State from, Throwable failure) {
            unregister();
            notifyFailed(failure);
          }
        },
        MoreExecutors.directExecutor());
    started.startAsync();
  }

  /**
   * How long before the connection's deadline {@code send.sock}'s action stops waiting for the
   * round, so that its answer still reaches the client before the listener closes the connection:
   * at most this, and at most a quarter of the time the connection has.
   */
  static final Duration REPLY_MARGIN = Duration.ofMillis(500);

  /**
   * {@code send.sock}'s action: a round now, answered before the connection's deadline. The answer
   * is an error if the round ended on a retryable failure, or if it is still running (a hung or
   * slow backend) when the connection's time is nearly up: the round then goes on in the
   * background, and the client is told so rather than left without an answer.
   */
  private static void sendNow(SenderWorker sender, Connection connection) throws Exception {
    SendRound round;
    Duration remaining = connection.remaining();
    Duration margin = min(REPLY_MARGIN, remaining.dividedBy(4));
    Duration within = remaining.minus(margin);
    try {
      round = sender.sendNow().get(Math.max(0, within.toNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new SendRoundStillRunningException(connection.timeout());
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
    if (round.failure().isPresent()) {
      throw new IllegalStateException(
          "sent "
              + round.sentBatches()
              + " batches; the rest stay in the spool: "
              + round.failure().get());
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** The answer when a round outlasts the trigger connection: it is not a failure of its own. */
  static final class SendRoundStillRunningException extends TimeoutException {
    private static final long serialVersionUID = 1L;

    SendRoundStillRunningException(Duration waited) {
      super(
          "send round still running after "
              + DurationText.format(waited)
              + "; it goes on in the background");
    }
  }

  private void unregister() {
    StatsSlot<SenderState>.Publication publication = published;
    if (publication != null) {
      publication.close();
    }
    TriggerTargets.Registration open = registration;
    if (open != null) {
      open.close();
    }
  }

  @Override
  protected void doStop() {
    SenderWorker running = sender;
    if (running != null) {
      running.stopAsync();
    } else {
      notifyStopped();
    }
  }

  /**
   * The sender's counters in the engine report ({@code /engine}, {@code windlass report}): {@code
   * type}, {@code sink} (the URL without credentials), {@code sent-batches}, {@code sent-metrics},
   * {@code rejected-batches}, {@code rejected-metrics}, {@code failed-requests}, {@code last-error}
   * and {@code retry-at} (an ISO instant; both left out when there is none), and also {@code
   * already-present-batches}, {@code requests} and {@code requests-in-flight}. Empty without a
   * sender (no sink URL). The console and {@code /metrics} read the typed {@code SenderStats}
   * instead.
   */
  @Override
  public Map<String, Object> report() {
    SenderWorker running = sender;
    if (running == null) {
      return Map.of();
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("type", config.sink().type().label());
    SenderStats stats = running.stats();
    report.put("sink", running.sink().url().toString());
    report.put("sent-batches", stats.sentBatches());
    report.put("sent-metrics", stats.sentMetrics());
    report.put("rejected-batches", stats.rejectedBatches());
    report.put("rejected-metrics", stats.rejectedMetrics());
    report.put("failed-requests", stats.failedRequests());
    stats.lastError().ifPresent(error -> report.put("last-error", error));
    stats.retryAt().ifPresent(at -> report.put("retry-at", at.toString()));
    report.put("already-present-batches", stats.alreadyPresentBatches());
    report.put("requests", stats.requests());
    report.put("requests-in-flight", stats.requestsInFlight());
    return report;
  }

  @Override
  public String toString() {
    return "sender [" + state() + "]";
  }
}
