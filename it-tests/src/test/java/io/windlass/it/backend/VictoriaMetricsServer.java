package io.windlass.it.backend;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real single-node VictoriaMetrics ({@code victoria-metrics} from the Debian package, or {@code
 * $VICTORIA_METRICS_BIN}) that receives Prometheus remote write on {@link #remoteWriteUri()}.
 *
 * <p>VictoriaMetrics buffers new samples in memory for up to a second or so before they can be
 * searched; every query helper here first calls {@link #forceFlush()} ({@code
 * /internal/force_flush}), so a query right after a write sees it, and passes {@code nocache=1}
 * (see {@link #extraQueryParams()}). It runs with
 *
 * <ul>
 *   <li>{@code -search.latencyOffset=0s}: by default (30 s) queries whose time is that close to now
 *       are moved back by it; 1.79 still rounds it up to 1 s, hence {@code nocache=1}, which skips
 *       that move;
 *   <li>{@code -search.maxStepForPointsAdjustment=0s}: else {@code query_range} replaces its points
 *       within the latency offset of now with the value before;
 *   <li>{@code -search.disableCache}: no response cache that could hide a later write;
 *   <li>no deduplication ({@code -dedup.minScrapeInterval} unset): every copy of a sample is kept;
 *   <li>{@code -retentionPeriod=}{@link #DEFAULT_RETENTION}, so that timestamps from the past that
 *       tests use are accepted.
 * </ul>
 *
 * <p>A SIGTERM ({@link #stop()}) keeps everything; a SIGKILL ({@link #kill()}) loses what arrived
 * in the last few seconds (about 5 s in 1.79), even after {@link #forceFlush()}.
 *
 * <p>{@link #export(String)} reads {@code /api/v1/export}: every raw sample stored, duplicates
 * included — the tool to count exactly what arrived.
 */
public final class VictoriaMetricsServer extends PromApiBackend {
  /** The default {@code -retentionPeriod}: samples older than this are dropped on write. */
  public static final String DEFAULT_RETENTION = "5y";

  /** A non-finite value of an export line, as VictoriaMetrics writes it: not JSON. */
  private static final java.util.regex.Pattern NON_FINITE =
      java.util.regex.Pattern.compile("(?<=[\\[,])([+-]?Inf|NaN)(?=[,\\]])");

  private String retentionPeriod = DEFAULT_RETENTION;
  private final List<String> extraArgs = new ArrayList<>();

  public VictoriaMetricsServer() {
    super("victoria-metrics");
  }

  /**
   * Sets {@code -retentionPeriod} for the next start: a number of months, or a number with a unit
   * {@code h}, {@code d}, {@code w} or {@code y}.
   */
  public VictoriaMetricsServer retentionPeriod(String retention) {
    this.retentionPeriod = retention;
    return this;
  }

  /** Adds command-line arguments for the next starts, e.g. {@code -dedup.minScrapeInterval=1ms}. */
  public VictoriaMetricsServer extraArgs(String... args) {
    extraArgs.addAll(List.of(args));
    return this;
  }

  @Override
  public VictoriaMetricsServer start() {
    super.start();
    return this;
  }

  @Override
  protected List<String> command(int port) {
    List<String> command = new ArrayList<>();
    command.add(executable("VICTORIA_METRICS_BIN", "victoria-metrics"));
    command.add("-storageDataPath=" + dataDir());
    command.add("-httpListenAddr=127.0.0.1:" + port);
    command.add("-retentionPeriod=" + retentionPeriod);
    command.add("-search.latencyOffset=0s");
    command.add("-search.maxStepForPointsAdjustment=0s");
    command.add("-search.disableCache");
    command.add("-loggerLevel=INFO");
    command.addAll(extraArgs);
    return command;
  }

  @Override
  protected String readinessPath() {
    return "/health";
  }

  /** Where Prometheus text exposition can be pushed: {@code /api/v1/import/prometheus}. */
  public URI importPrometheusUri() {
    return uri("/api/v1/import/prometheus");
  }

  /**
   * Makes every sample received so far searchable ({@code /internal/force_flush}), instead of
   * within the second or so VictoriaMetrics otherwise takes.
   */
  public void forceFlush() {
    HttpResponse<String> response = getRaw("/internal/force_flush");
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "force_flush answered " + response.statusCode() + ": " + response.body());
    }
  }

  @Override
  protected void beforeQuery() {
    forceFlush();
  }

  /**
   * {@code nocache=1}: without it, a query whose time (or range end) is within {@code
   * -search.latencyOffset} of the current time is moved back to now minus that offset, and 1.79
   * rounds any offset under a second up to one second; so an instant query at "now" would miss the
   * sample written at "now".
   */
  @Override
  protected List<String> extraQueryParams() {
    return List.of("nocache", "1");
  }

  /**
   * Every raw sample of the series matching {@code match} ({@code /api/v1/export}), whatever its
   * timestamp: from the epoch to 3 days ahead (VictoriaMetrics refuses samples more than 2 days
   * ahead; its own default end, now, would miss samples stamped a moment ahead).
   */
  public List<SeriesData> export(String match) {
    return export(match, Instant.EPOCH, Instant.now().plus(Duration.ofDays(3)));
  }

  /**
   * Every raw sample of the series matching {@code match} from {@code start} to {@code end}, one
   * {@link SeriesData} per line of {@code /api/v1/export}, in the stored order; the same series may
   * come in more than one line (one per storage block), so use {@link #exportMerged(String)} to
   * count per series.
   */
  public List<SeriesData> export(String match, Instant start, Instant end) {
    forceFlush();
    List<String> params = new ArrayList<>(List.of("match[]", match));
    params.addAll(List.of("start", String.valueOf(start.getEpochSecond())));
    params.addAll(List.of("end", String.valueOf(end.getEpochSecond())));
    HttpResponse<String> response = getRaw("/api/v1/export", params.toArray(String[]::new));
    if (response.statusCode() != 200) {
      throw new QueryException(response.uri(), response.statusCode(), response.body());
    }
    List<SeriesData> series = new ArrayList<>();
    for (String line : response.body().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        // VictoriaMetrics writes infinities as bare +Inf and -Inf, which are not JSON.
        JsonNode json = JSON.readTree(NON_FINITE.matcher(line).replaceAll("\"$1\""));
        JsonNode values = json.get("values");
        JsonNode timestamps = json.get("timestamps");
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
          JsonNode value = values.get(i);
          double number =
              value.isNumber() ? value.asDouble() : PromApiBackend.parseValue(value.asText());
          points.add(new Point(timestamps.get(i).asLong(), number));
        }
        series.add(new SeriesData(labels(json.get("metric")), points));
      } catch (IOException e) {
        throw new UncheckedIOException("not a JSON line from /api/v1/export: " + line, e);
      }
    }
    return series;
  }

  /**
   * {@link #export(String)} with the lines of each series merged into one {@link SeriesData}, its
   * points sorted by time (samples with equal timestamps are all kept).
   */
  public List<SeriesData> exportMerged(String match) {
    Map<Map<String, String>, List<Point>> merged = new LinkedHashMap<>();
    for (SeriesData line : export(match)) {
      merged.computeIfAbsent(line.labels(), labels -> new ArrayList<>()).addAll(line.points());
    }
    List<SeriesData> series = new ArrayList<>();
    merged.forEach(
        (labels, points) -> {
          points.sort(Comparator.comparingLong(Point::timestampMillis));
          series.add(new SeriesData(labels, points));
        });
    return series;
  }
}
