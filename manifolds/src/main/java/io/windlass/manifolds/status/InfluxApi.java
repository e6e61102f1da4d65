package io.windlass.manifolds.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.windlass.engine.EngineReporter;
import io.windlass.manifolds.health.Health;
import io.windlass.manifolds.status.StatusServer.Endpoint;
import io.windlass.manifolds.status.StatusServer.Route;
import io.windlass.spool.ingest.format.Precision;
import io.windlass.spool.ingest.http.PushFormat;
import io.windlass.spool.ingest.http.PushOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * InfluxDB's HTTP API, as much of it as clients that write use:
 *
 * <ul>
 *   <li>{@code POST /write} (InfluxDB 1.x; {@code precision} {@code ns} by default, {@code us},
 *       {@code ms}, {@code s}, {@code m}, {@code h}; {@code db} and {@code rp} ignored), answered
 *       as the other push paths are, in plain text;
 *   <li>{@code POST /api/v2/write} (InfluxDB 2; {@code precision} {@code ns}, {@code us}, {@code
 *       ms} or {@code s}), whose errors are InfluxDB 2's JSON, {@code
 *       {"code":"invalid","message":"line 3: ..."}}, which its clients show. {@code bucket} is
 *       required ({@code 404 bucket not found} without it) and so is {@code org} or {@code orgID}
 *       ({@code 400}), as InfluxDB 2 checks them, in that order, but neither becomes a label: a
 *       bucket names where InfluxDB keeps points, not what they are, and the agent has one spool,
 *       so the same lines make the same series whichever path and bucket they come by ({@code
 *       /write} ignores {@code db} the same way);
 *   <li>the same under {@code /influx} ({@code /influx/write}, {@code /influx/api/v2/write}), as
 *       VictoriaMetrics and vmagent serve them, for clients configured for those;
 *   <li>{@code GET} and {@code HEAD /ping}: {@code 204} with {@code X-Influxdb-Build: windlass} and
 *       {@code X-Influxdb-Version}, the agent's version, which clients read to tell the server is
 *       up;
 *   <li>{@code GET /health}: InfluxDB 2's health check, {@code {"name":"windlass","message":"ready
 *       for writes","status":"pass","checks":[],"version":"..."}}, or {@code 503} with {@code
 *       "status":"fail"} and a check per manifold not running when the agent is not healthy ({@link
 *       Health}).
 * </ul>
 *
 * <p>Every answer carries the two {@code X-Influxdb-*} headers, as InfluxDB's do. Both write paths
 * store through {@link PushFormat#INFLUX} (source {@code push:influx}).
 */
final class InfluxApi {

  /** The value of {@code X-Influxdb-Build}. */
  static final String BUILD = "windlass";

  /** What InfluxDB 2 answers for a precision it does not take. */
  static final String INVALID_PRECISION =
      "invalid precision; valid precision units are ns, us, ms, and s";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final PushIntake intake;
  private final EngineReporter engine;
  private final String version;

  /**
   * @param version the agent's version, sent as {@code X-Influxdb-Version}
   */
  InfluxApi(PushIntake intake, EngineReporter engine, String version) {
    this.intake = intake;
    this.engine = engine;
    this.version = version;
  }

  /** Its paths. */
  Map<String, Endpoint> endpoints() {
    return ImmutableMap.<String, Endpoint>builder()
        .put(PushFormat.INFLUX.path(), new Endpoint("POST", headed(this::write)))
        .put("/influx/write", new Endpoint("POST", headed(this::write)))
        .put("/api/v2/write", new Endpoint("POST", headed(this::writeV2)))
        .put("/influx/api/v2/write", new Endpoint("POST", headed(this::writeV2)))
        .put("/ping", new Endpoint(ImmutableSet.of("GET", "HEAD"), headed(request -> ping())))
        .put("/health", new Endpoint("GET", headed(request -> health())))
        .buildOrThrow();
  }

  private Route headed(Route route) {
    return request ->
        route
            .handle(request)
            .withHeader("X-Influxdb-Build", BUILD)
            .withHeader("X-Influxdb-Version", version);
  }

  private StatusResponse write(StatusRequest request) throws IOException {
    Precision precision;
    try {
      precision = Precision.parse(request.queryParameter("precision"));
    } catch (IllegalArgumentException e) {
      return StatusResponse.text(400, e.getMessage());
    }
    return PushIntake.answer(store(request, precision), 204);
  }

  private StatusResponse writeV2(StatusRequest request) throws IOException {
    Precision precision = precisionV2(request.queryParameter("precision"));
    if (precision == null) {
      return error(400, INVALID_PRECISION);
    }
    if (isEmpty(request.queryParameter("bucket"))) {
      return error(404, "bucket not found");
    }
    if (isEmpty(request.queryParameter("org")) && isEmpty(request.queryParameter("orgID"))) {
      return error(400, "Please provide either orgID or org");
    }
    PushOutcome outcome = store(request, precision);
    if (outcome.isStored()) {
      return StatusResponse.noContent();
    }
    return PushIntake.withRetryAfter(outcome, error(outcome.status(), outcome.message()));
  }

  private PushOutcome store(StatusRequest request, Precision precision) throws IOException {
    return intake.store(
        request,
        (ingest, contentType, body) ->
            ingest.push(PushFormat.INFLUX, contentType, body, precision));
  }

  /** The precisions InfluxDB 2 takes: {@code ns} when absent. */
  private static @Nullable Precision precisionV2(@Nullable String precision) {
    if (isEmpty(precision)) {
      return Precision.NANOSECONDS;
    }
    return switch (precision) {
      case "ns" -> Precision.NANOSECONDS;
      case "us" -> Precision.MICROSECONDS;
      case "ms" -> Precision.MILLISECONDS;
      case "s" -> Precision.SECONDS;
      default -> null;
    };
  }

  private static boolean isEmpty(@Nullable String value) {
    return value == null || value.isEmpty();
  }

  /** InfluxDB 2's error body: its code for {@code status}, and the message. */
  static StatusResponse error(int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", errorCode(status));
    body.put("message", message);
    return StatusResponse.json(status, json(body));
  }

  private static String errorCode(int status) {
    return switch (status) {
      case 400 -> "invalid";
      case 401 -> "unauthorized";
      case 404 -> "not found";
      case 413 -> "request too large";
      case 429 -> "too many requests";
      case 503, 507 -> "unavailable";
      default -> "internal error";
    };
  }

  private StatusResponse ping() {
    return StatusResponse.noContent();
  }

  private StatusResponse health() {
    Health health = Health.of(engine.report());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "windlass");
    body.put(
        "message",
        health.healthy()
            ? "ready for writes"
            : "not running: " + String.join(", ", health.names()));
    body.put("status", health.healthy() ? "pass" : "fail");
    List<Map<String, Object>> checks = new ArrayList<>();
    List<String> names = health.names();
    for (int i = 0; i < names.size(); i++) {
      Map<String, Object> check = new LinkedHashMap<>();
      check.put("name", names.get(i));
      check.put("status", "fail");
      check.put("message", health.down().get(i));
      checks.add(check);
    }
    body.put("checks", checks);
    body.put("version", version);
    return StatusResponse.json(health.healthy() ? 200 : 503, json(body));
  }

  private static String json(Map<String, Object> body) {
    try {
      return JSON.writeValueAsString(body) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
