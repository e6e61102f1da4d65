package io.windlass.it.readme;

// readme:begin worker
import com.google.common.util.concurrent.AbstractScheduledService;
import com.google.inject.Inject;
import io.windlass.manifolds.config.AgentConfig;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricFactory;
import io.windlass.spool.MetricRecorder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Spools the JVM's live thread count every 10 seconds, as one batch per run. */
final class ThreadCountWorker extends AbstractScheduledService {
  private final MetricFactory spool;
  private final String agentTag;

  @Inject
  ThreadCountWorker(MetricFactory spool, AgentConfig config) {
    this.spool = spool;
    this.agentTag = config.agent().tag();
  }

  @Override
  protected void runOneIteration() throws IOException {
    int threads = ManagementFactory.getThreadMXBean().getThreadCount();
    // close() returns once the batch is durable; a failure here fails the worker, and the
    // engine restarts it with backoff.
    try (MetricRecorder batch = spool.recorder(DeclaredMetrics.any(), "local:threads", agentTag)) {
      batch.addMetric("jvm.threads", Integer.toString(threads), Instant.now(), Map.of());
    }
  }

  @Override
  protected Scheduler scheduler() {
    return Scheduler.newFixedRateSchedule(0, 10, TimeUnit.SECONDS);
  }
}
// readme:end worker
