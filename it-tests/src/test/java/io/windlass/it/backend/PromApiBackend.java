package io.windlass.it.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A backend that receives Prometheus remote write on {@code /api/v1/write} and answers the
 * Prometheus HTTP query API ({@code /api/v1/query}, {@code /api/v1/query_range}, {@code
 * /api/v1/series}): Prometheus and VictoriaMetrics.
 *
 * <p>The query helpers parse the JSON answer into {@link VectorSample}s and {@link SeriesData}, and
 * throw {@link QueryException} for any answer but 200 with {@code "status":"success"}.
 */
public abstract class PromApiBackend extends BackendProcess {
  static final ObjectMapper JSON = new ObjectMapper();

  protected PromApiBackend(String name) {
    super(name);
  }

  /** Where remote write goes: {@code http://127.0.0.1:<port>/api/v1/write}. */
  public URI remoteWriteUri() {
    return uri("/api/v1/write");
  }

  /** Called before each query, e.g. to make just-written samples searchable. */
  protected void beforeQuery() {}

  /** Query parameters every query helper adds (name, value, name, value…). */
  protected List<String> extraQueryParams() {
    return List.of();
  }

  /** An instant query evaluated now. */
  public List<VectorSample> query(String promql) {
    return query(promql, Instant.now());
  }

  /**
   * An instant query evaluated at {@code time}, whose result must be an instant vector.
   *
   * @throws QueryException if the backend refuses the query or the result is not a vector
   */
  public List<VectorSample> query(String promql, Instant time) {
    JsonNode data = get("/api/v1/query", "query", promql, "time", seconds(time));
    requireType(data, "vector", promql);
    List<VectorSample> samples = new ArrayList<>();
    for (JsonNode element : data.get("result")) {
      JsonNode value = element.get("value");
      samples.add(new VectorSample(labels(element.get("metric")), millis(value), number(value)));
    }
    return samples;
  }

  /** A range query from {@code start} to {@code end} (inclusive) every {@code step}. */
  public List<SeriesData> queryRange(String promql, Instant start, Instant end, Duration step) {
    JsonNode data =
        get(
            "/api/v1/query_range",
            "query",
            promql,
            "start",
            seconds(start),
            "end",
            seconds(end),
            "step",
            String.valueOf(step.toMillis() / 1000.0));
    requireType(data, "matrix", promql);
    return matrix(data.get("result"));
  }

  /**
   * The raw samples of the series {@code selector} selects in the {@code window} before now: an
   * instant query of {@code selector[window]}, which both backends answer with the stored samples
   * themselves rather than evaluated points.
   */
  public List<SeriesData> rawSamples(String selector, Duration window) {
    return rawSamples(selector, window, Instant.now());
  }

  /** The raw samples of {@code selector} in the {@code window} before {@code at}. */
  public List<SeriesData> rawSamples(String selector, Duration window, Instant at) {
    String promql = selector + "[" + window.toSeconds() + "s]";
    JsonNode data = get("/api/v1/query", "query", promql, "time", seconds(at));
    requireType(data, "matrix", promql);
    return matrix(data.get("result"));
  }

  /** The label sets of the series matching any of {@code matchers}, over the last 30 days. */
  public List<Map<String, String>> series(String... matchers) {
    Instant now = Instant.now();
    return series(now.minus(Duration.ofDays(30)), now.plus(Duration.ofMinutes(5)), matchers);
  }

  /** The label sets of the series matching any of {@code matchers} from {@code start} to end. */
  public List<Map<String, String>> series(Instant start, Instant end, String... matchers) {
    List<String> params = new ArrayList<>();
    for (String matcher : matchers) {
      params.add("match[]");
      params.add(matcher);
    }
    params.addAll(List.of("start", seconds(start), "end", seconds(end)));
    JsonNode data = get("/api/v1/series", params.toArray(String[]::new));
    List<Map<String, String>> series = new ArrayList<>();
    data.forEach(element -> series.add(labels(element)));
    return series;
  }

  /** GETs {@code path} with the query parameters {@code params} (name, value, name, value…). */
  protected HttpResponse<String> getRaw(String path, String... params) {
    StringBuilder query = new StringBuilder();
    for (int i = 0; i < params.length; i += 2) {
      query.append(query.length() == 0 ? "?" : "&");
      query.append(URLEncoder.encode(params[i], StandardCharsets.UTF_8));
      query.append('=');
      query.append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
    }
    URI uri = uri(path + query);
    try {
      return http()
          .send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: GET " + uri, e);
    }
  }

  private JsonNode get(String path, String... params) {
    beforeQuery();
    List<String> all = new ArrayList<>(List.of(params));
    all.addAll(extraQueryParams());
    HttpResponse<String> response = getRaw(path, all.toArray(String[]::new));
    JsonNode root;
    try {
      root = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new QueryException(response.uri(), response.statusCode(), response.body());
    }
    if (response.statusCode() != 200 || !"success".equals(root.path("status").asText())) {
      throw new QueryException(response.uri(), response.statusCode(), response.body());
    }
    return root.get("data");
  }

  static List<SeriesData> matrix(JsonNode result) {
    List<SeriesData> series = new ArrayList<>();
    for (JsonNode element : result) {
      List<Point> points = new ArrayList<>();
      for (JsonNode value : element.get("values")) {
        points.add(new Point(millis(value), number(value)));
      }
      series.add(new SeriesData(labels(element.get("metric")), points));
    }
    return series;
  }

  static Map<String, String> labels(JsonNode metric) {
    Map<String, String> labels = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = metric.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      labels.put(field.getKey(), field.getValue().asText());
    }
    return labels;
  }

  /** A {@code [<unix seconds>, "<value>"]} pair's time in milliseconds. */
  private static long millis(JsonNode pair) {
    return Math.round(pair.get(0).asDouble() * 1000);
  }

  /** A {@code [<unix seconds>, "<value>"]} pair's value ("NaN", "+Inf" included). */
  private static double number(JsonNode pair) {
    return parseValue(pair.get(1).asText());
  }

  static double parseValue(String text) {
    return switch (text) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  private static void requireType(JsonNode data, String type, String promql) {
    String actual = data.path("resultType").asText();
    if (!type.equals(actual)) {
      throw new IllegalArgumentException(
          "the result of " + promql + " is a " + actual + ", not a " + type);
    }
  }

  private static String seconds(Instant time) {
    return String.format(Locale.ROOT, "%d.%03d", time.getEpochSecond(), time.getNano() / 1_000_000);
  }

  /** A query the backend did not answer with success. */
  public static final class QueryException extends RuntimeException {
    private final int status;
    private final String body;

    QueryException(URI uri, int status, String body) {
      super("GET " + uri + " answered " + status + ": " + body);
      this.status = status;
      this.body = body;
    }

    /** The HTTP status. */
    public int status() {
      return status;
    }

    /** The answer's body. */
    public String body() {
      return body;
    }
  }
}
