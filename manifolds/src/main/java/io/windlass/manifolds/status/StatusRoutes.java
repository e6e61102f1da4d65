package io.windlass.manifolds.status;

import com.google.common.collect.ImmutableMap;
import io.windlass.engine.EngineReport;
import io.windlass.engine.EngineReporter;
import io.windlass.manifolds.console.Console;
import io.windlass.manifolds.console.ConsoleLogin;
import io.windlass.manifolds.health.Health;
import io.windlass.manifolds.report.ReportPrinter;
import io.windlass.manifolds.spool.LatestSamples;
import io.windlass.manifolds.stats.AgentStats;
import io.windlass.manifolds.status.StatusServer.Endpoint;
import io.windlass.spool.ingest.format.Precision;
import io.windlass.spool.ingest.http.HttpIngest;
import io.windlass.spool.ingest.http.PushFormat;
import io.windlass.spool.ingest.http.PushOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The status server's paths:
 *
 * <ul>
 *   <li>{@code GET /healthz}: {@code 200 ok} when every manifold that should run is running ({@link
 *       Health}), else {@code 503} naming those that are not;
 *   <li>{@code GET /engine}: the engine report as JSON, as the report printer writes it;
 *   <li>{@code GET /metrics}: the agent's own metrics ({@link AgentMetrics}), in the Prometheus
 *       text format, or OpenMetrics when {@code Accept} asks for {@code
 *       application/openmetrics-text};
 *   <li>{@code GET /federate}: the latest sample of every series collected or pushed ({@link
 *       Federation});
 *   <li>{@code POST /api/v1/import/prometheus}: pushed Prometheus text into the spool ({@link
 *       HttpIngest}); {@code 503} with {@code Retry-After: }{@value #RETRY_AFTER_SECONDS} when the
 *       spool is not open or refuses them, {@code 507} with it when the spool's disk is full;
 *   <li>InfluxDB's write, ping and health paths ({@link InfluxApi}): {@code /write}, {@code
 *       /api/v2/write}, both under {@code /influx} too, {@code /ping}, {@code /health};
 *   <li>the Pushgateway's push paths ({@link PushgatewayApi}): {@code /metrics/job/...};
 *   <li>{@code POST /v1/metrics}: OTLP/HTTP metrics into the spool ({@link OtlpRoute});
 *   <li>{@code POST /api/v1/write} and {@code /prometheus/api/v1/write}: Prometheus remote write
 *       1.0 and 2.0 into the spool ({@link RemoteWriteRoute});
 *   <li>the web console: {@code /}, {@code /console/...}, {@code /api/console/v1/...}, {@code
 *       /login}, {@code /logout} ({@link ConsoleRoutes}).
 * </ul>
 */
final class StatusRoutes {

  /** What a {@code 503} asks the client to wait before retrying, in seconds. */
  static final int RETRY_AFTER_SECONDS = PushIntake.RETRY_AFTER_SECONDS;

  /** The agent's version: the runnable jar's, {@code dev} elsewhere. */
  static final String VERSION =
      Objects.requireNonNullElse(StatusRoutes.class.getPackage().getImplementationVersion(), "dev");

  private final EngineReporter engine;
  private final LatestSamples latest;
  private final IngestSlot ingest;
  private final StatusServer.RequestCounters counters;
  private final AgentStats stats;
  private final @Nullable ConsoleLogin login;
  private final PushIntake intake;
  private final OtlpRoute otlp;
  private final RemoteWriteRoute remoteWrite;
  private final @Nullable Console console;

  StatusRoutes(
      EngineReporter engine,
      LatestSamples latest,
      IngestSlot ingest,
      StatusServer.RequestCounters counters,
      AgentStats stats) {
    this(engine, latest, ingest, counters, stats, null, Optional.empty());
  }

  /**
   * With the web console's paths ({@link ConsoleRoutes}) when {@code console} is not null; {@code
   * token} is the one the server requires ({@code status.token}), if any, which the console's login
   * form checks.
   */
  StatusRoutes(
      EngineReporter engine,
      LatestSamples latest,
      IngestSlot ingest,
      StatusServer.RequestCounters counters,
      AgentStats stats,
      @Nullable Console console,
      Optional<String> token) {
    this.console = console;
    this.login = token.map(ConsoleLogin::new).orElse(null);
    this.engine = engine;
    this.stats = stats;
    this.latest = latest;
    this.ingest = ingest;
    this.counters = counters;
    this.intake = new PushIntake(ingest);
    this.otlp = new OtlpRoute(ingest);
    this.remoteWrite = new RemoteWriteRoute(ingest);
  }

  /**
   * Every path pattern (an exact path, or a prefix ending in {@code *}: {@link RouteTable}) with
   * its methods and route.
   */
  Map<String, Endpoint> endpoints() {
    return ImmutableMap.<String, Endpoint>builder()
        .put("/healthz", new Endpoint("GET", request -> healthz()))
        .put("/engine", new Endpoint("GET", request -> engineReport()))
        .put("/metrics", new Endpoint("GET", this::metrics))
        .put("/federate", new Endpoint("GET", request -> federate()))
        .put(
            PushFormat.PROMETHEUS.path(),
            new Endpoint("POST", request -> push(PushFormat.PROMETHEUS, request)))
        .putAll(new InfluxApi(intake, engine, VERSION).endpoints())
        .putAll(new PushgatewayApi(intake).endpoints())
        .put(OtlpRoute.path(), new Endpoint("POST", otlp::push))
        .put(RemoteWriteRoute.PATH, new Endpoint("POST", remoteWrite::handle))
        .put(RemoteWriteRoute.PREFIXED_PATH, new Endpoint("POST", remoteWrite::handle))
        .putAll(console == null ? Map.of() : ConsoleRoutes.endpoints(console, login))
        .buildOrThrow();
  }

  private StatusResponse healthz() {
    Health health = Health.of(engine.report());
    return StatusResponse.text(health.healthy() ? 200 : 503, health.text());
  }

  private StatusResponse engineReport() {
    EngineReport report = engine.report();
    return new StatusResponse(
        200,
        StatusResponse.JSON,
        (ReportPrinter.toJson(report) + "\n").getBytes(StandardCharsets.UTF_8),
        Map.of());
  }

  private StatusResponse metrics(StatusRequest request) throws IOException {
    return AgentMetrics.response(
        AgentMetrics.render(engine.report(), stats, latest, ingest.stats(), counters),
        request.header("Accept"));
  }

  private StatusResponse federate() {
    return new StatusResponse(
        200,
        StatusResponse.EXPOSITION,
        Federation.render(latest).getBytes(StandardCharsets.UTF_8),
        Map.of());
  }

  /** Stores the request's body in {@code format}: {@code 204} once durable. */
  private StatusResponse push(PushFormat format, StatusRequest request) throws IOException {
    PushOutcome outcome =
        intake.store(
            request,
            (current, contentType, body) ->
                current.push(format, contentType, body, Precision.NANOSECONDS));
    return PushIntake.answer(outcome, 204);
  }
}
