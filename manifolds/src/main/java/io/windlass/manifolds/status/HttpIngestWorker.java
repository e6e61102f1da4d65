package io.windlass.manifolds.status;

import com.google.common.collect.ImmutableMap;
import com.google.common.util.concurrent.AbstractIdleService;
import com.google.inject.Inject;
import io.windlass.engine.Reporter;
import io.windlass.manifolds.config.AgentConfig;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricFactory;
import io.windlass.spool.ingest.http.HttpIngest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code http-ingest} worker: while it runs, the status server's push paths store into the
 * spool. It injects {@link MetricFactory}, so it runs on top of the {@code spool} manifold and is
 * bounced with it; when it stops it detaches from the {@link IngestSlot} (new pushes get {@code
 * 503}) and waits up to {@link #STOP_WAIT} for the pushes in progress, so that none writes into a
 * spool being closed.
 */
final class HttpIngestWorker extends AbstractIdleService implements Reporter {
  private static final Logger log = LoggerFactory.getLogger(HttpIngestWorker.class);

  /** How long a stop waits for pushes in progress. */
  static final Duration STOP_WAIT = Duration.ofSeconds(10);

  private final AgentConfig config;
  private final MetricFactory spool;
  private final IngestSlot slot;
  private volatile @Nullable HttpIngest ingest;

  @Inject
  HttpIngestWorker(AgentConfig config, MetricFactory spool, IngestSlot slot) {
    this.config = config;
    this.spool = spool;
    this.slot = slot;
  }

  @Override
  protected void startUp() {
    HttpIngest started =
        new HttpIngest(
            spool,
            pushedMetrics(config.spool().declaredMetrics()),
            config.agent().tag(),
            config.status().maxBodyBytes().bytes(),
            Clock.systemUTC(),
            config.ingest().timeBounds(),
            slot.stats(),
            slot.parsers());
    ingest = started;
    slot.attach(started);
  }

  /**
   * What pushes may store: with no metrics declared, any metric with any value Prometheus and
   * VictoriaMetrics store, NaN and infinities included ({@link DeclaredMetrics#anyValue()});
   * declared metrics keep their rules, finite values only.
   */
  static DeclaredMetrics pushedMetrics(DeclaredMetrics declared) {
    return declared.equals(DeclaredMetrics.any()) ? DeclaredMetrics.anyValue() : declared;
  }

  @Override
  protected void shutDown() throws InterruptedException {
    HttpIngest running = ingest;
    if (running == null) {
      return;
    }
    slot.detach(running);
    if (!running.closeAndAwait(STOP_WAIT)) {
      log.warn(
          "{} pushes still in progress after {}; stopping anyway", running.inFlight(), STOP_WAIT);
    }
  }

  /** Pushes in progress, and the push counters per format. */
  @Override
  public Map<String, Object> report() {
    HttpIngest running = ingest;
    return ImmutableMap.<String, Object>builder()
        .put("in-progress", running == null ? 0 : running.inFlight())
        .putAll(slot.stats().report())
        .buildOrThrow();
  }

  @Override
  protected String serviceName() {
    return "http-ingest";
  }
}
