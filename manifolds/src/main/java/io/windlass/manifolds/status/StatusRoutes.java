package io.windlass.manifolds.status;

import com.google.common.collect.ImmutableMap;
import io.windlass.engine.EngineReport;
import io.windlass.engine.EngineReporter;
import io.windlass.manifolds.report.ReportPrinter;
import io.windlass.manifolds.spool.LatestSamples;
import io.windlass.manifolds.status.StatusServer.Endpoint;
import io.windlass.spool.ingest.format.Precision;
import io.windlass.spool.ingest.http.BodyTooLargeException;
import io.windlass.spool.ingest.http.HttpIngest;
import io.windlass.spool.ingest.http.PushFormat;
import io.windlass.spool.ingest.http.PushOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The status server's paths:
 *
 * <ul>
 *   <li>{@code GET /healthz}: {@code 200 ok} when every manifold that should run is running ({@link
 *       Health}), else {@code 503} naming those that are not;
 *   <li>{@code GET /engine}: the engine report as JSON, as the report printer writes it;
 *   <li>{@code GET /metrics}: the Prometheus exposition of the agent's own metrics ({@link
 *       AgentMetrics});
 *   <li>{@code GET /federate}: the latest sample of every series collected or pushed ({@link
 *       Federation});
 *   <li>{@code POST /api/v1/import/prometheus} and {@code POST /write}: pushed metrics into the
 *       spool ({@link HttpIngest}); {@code 503} with {@code Retry-After: }{@value
 *       #RETRY_AFTER_SECONDS} when the spool is not open or refuses them, {@code 507} with it when
 *       the spool's disk is full;
 *   <li>{@code POST /api/v1/write} and {@code /prometheus/api/v1/write}: Prometheus remote write
 *       1.0 and 2.0 into the spool ({@link RemoteWriteRoute}).
 * </ul>
 */
final class StatusRoutes {

  /** What a {@code 503} asks the client to wait before retrying, in seconds. */
  static final int RETRY_AFTER_SECONDS = 10;

  private final EngineReporter engine;
  private final LatestSamples latest;
  private final IngestSlot ingest;
  private final StatusServer.RequestCounters counters;
  private final RemoteWriteRoute remoteWrite;

  StatusRoutes(
      EngineReporter engine,
      LatestSamples latest,
      IngestSlot ingest,
      StatusServer.RequestCounters counters) {
    this.engine = engine;
    this.latest = latest;
    this.ingest = ingest;
    this.counters = counters;
    this.remoteWrite = new RemoteWriteRoute(ingest);
  }

  /** Every path with its method and route. */
  Map<String, Endpoint> endpoints() {
    return ImmutableMap.of(
        "/healthz",
        new Endpoint("GET", request -> healthz()),
        "/engine",
        new Endpoint("GET", request -> engineReport()),
        "/metrics",
        new Endpoint("GET", request -> metrics()),
        "/federate",
        new Endpoint("GET", request -> federate()),
        PushFormat.PROMETHEUS.path(),
        new Endpoint("POST", request -> push(PushFormat.PROMETHEUS, request)),
        PushFormat.INFLUX.path(),
        new Endpoint("POST", request -> push(PushFormat.INFLUX, request)),
        RemoteWriteRoute.PATH,
        new Endpoint("POST", remoteWrite::handle),
        RemoteWriteRoute.PREFIXED_PATH,
        new Endpoint("POST", remoteWrite::handle));
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

  private StatusResponse metrics() {
    String text = AgentMetrics.render(engine.report(), latest, ingest.stats(), counters);
    return new StatusResponse(
        200, StatusResponse.EXPOSITION, text.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  private StatusResponse federate() {
    return new StatusResponse(
        200,
        StatusResponse.EXPOSITION,
        Federation.render(latest).getBytes(StandardCharsets.UTF_8),
        Map.of());
  }

  private StatusResponse push(PushFormat format, StatusRequest request) throws IOException {
    Precision precision = Precision.NANOSECONDS;
    if (format == PushFormat.INFLUX) {
      try {
        precision = Precision.parse(request.queryParameter("precision"));
      } catch (IllegalArgumentException e) {
        return StatusResponse.text(400, e.getMessage());
      }
    }
    HttpIngest current = ingest.current();
    if (current == null || !current.enter()) {
      return unavailable("not stored: the spool is not open");
    }
    try {
      InputStream body;
      try {
        body = request.body();
      } catch (StatusRequest.UnsupportedEncodingException e) {
        throw e;
      } catch (BodyTooLargeException e) {
        return StatusResponse.text(413, e.getMessage());
      } catch (IOException e) {
        return StatusResponse.text(400, "the request body could not be read: " + e.getMessage());
      }
      PushOutcome outcome = current.push(format, request.header("Content-Type"), body, precision);
      return switch (outcome.status()) {
        case PushOutcome.STORED -> StatusResponse.noContent();
        case PushOutcome.UNAVAILABLE, PushOutcome.INSUFFICIENT_STORAGE ->
            StatusResponse.text(outcome.status(), outcome.message())
                .withHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        default -> StatusResponse.text(outcome.status(), outcome.message());
      };
    } finally {
      current.exit();
    }
  }

  private static StatusResponse unavailable(String message) {
    return StatusResponse.text(503, message)
        .withHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
  }
}
