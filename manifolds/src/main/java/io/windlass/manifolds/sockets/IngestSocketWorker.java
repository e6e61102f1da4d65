package io.windlass.manifolds.sockets;

import com.google.inject.Inject;
import io.windlass.manifolds.config.AgentConfig;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricFactory;
import io.windlass.spool.ingest.SampleTimeBounds;
import io.windlass.spool.ingest.socket.IngestHandler;
import io.windlass.spool.ingest.socket.IngestRequestParser;
import io.windlass.spool.socket.LineBatchHandler;
import io.windlass.spool.socket.LineConnectionHandler;
import java.time.Clock;

/**
 * The {@code ingest-socket} worker: {@code ingest.sock} takes metrics from local tools ({@code
 * windlass add-metric}) in the line protocol and records them into the spool as source {@value
 * #INGEST_CHARM_URL}, accepting the metrics the config's {@code spool.declared-metrics} declares.
 * It injects {@link MetricFactory}, so it runs on top of the {@code spool} manifold and is bounced
 * with it.
 */
final class IngestSocketWorker extends SocketWorker {

  /** The source (a batch's charm URL) of every batch recorded through {@code ingest.sock}. */
  static final String INGEST_CHARM_URL = "local:ingest";

  @Inject
  IngestSocketWorker(AgentConfig config, MetricFactory factory) {
    super(
        SocketManifoldModule.INGEST_SOCKET,
        config,
        SocketManifoldModule.INGEST_SOCKET_FILE,
        new LineConnectionHandler(
            ingestHandler(
                factory,
                config.spool().declaredMetrics(),
                config.agent().tag(),
                Clock.systemUTC(),
                config.ingest().timeBounds()),
            maxLineLength(config.sockets())));
  }

  /**
   * The line handler behind {@code ingest.sock}: group-committed, durable before {@code ok}.
   *
   * @param factory the spool to record into
   * @param declared the metrics accepted
   * @param unitTag the agent's tag, the unit tag of every batch
   * @param clock stamps metrics sent without a time
   * @param timeBounds how far from {@code clock} a metric's time may be
   */
  static LineBatchHandler ingestHandler(
      MetricFactory factory,
      DeclaredMetrics declared,
      String unitTag,
      Clock clock,
      SampleTimeBounds timeBounds) {
    return new IngestHandler(
        factory, declared, INGEST_CHARM_URL, unitTag, clock, new IngestRequestParser(), timeBounds);
  }
}
