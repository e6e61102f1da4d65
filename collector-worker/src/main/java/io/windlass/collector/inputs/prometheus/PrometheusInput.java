package io.windlass.collector.inputs.prometheus;

import io.windlass.collector.Accumulator;
import io.windlass.collector.ErrorMetricsSource;
import io.windlass.collector.Input;
import io.windlass.collector.InputExt;
import io.windlass.collector.Metric;
import io.windlass.collector.TargetLabels;
import io.windlass.spool.ingest.format.MetricParseException;
import io.windlass.spool.ingest.format.ParseResult;
import io.windlass.spool.ingest.format.Sample;
import io.windlass.spool.ingest.format.WireFormat;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Scrapes one endpoint with the JDK {@link HttpClient} and adds what {@link PrometheusTextParser}
 * reads from it, labelled as a Prometheus scrape labels it.
 *
 * <p><b>Target labels.</b> Every sample gets the config's {@code job} and the target's {@code
 * instance} ({@link PrometheusScrapeConfig#targetLabels()}). A scraped sample that has one of them
 * already keeps its own value when {@link PrometheusScrapeConfig#honorLabels()} is true; else its
 * value moves to {@code exported_<name>} (to {@code exported_exported_<name>} if that is taken
 * too), as Prometheus does. The input is a {@link TargetLabels}, so the pipeline's {@code up} and
 * other health metrics carry the same {@code job} and {@code instance}: {@code up} is 1 when the
 * scrape succeeded, else 0, per target.
 *
 * <p><b>Scrape metrics.</b> Each run also adds, with the target labels, what Prometheus writes for
 * every scrape: {@value #SCRAPE_DURATION_SECONDS}, {@value #SCRAPE_SAMPLES_SCRAPED} (the samples in
 * the body), {@value #SCRAPE_SAMPLES_POST_METRIC_RELABELING} (those kept: all but NaN and infinite
 * ones, which the input drops and counts in {@link #debugInfo()}) and {@value #SCRAPE_SERIES_ADDED}
 * (series not in the previous scrape). A failed or abandoned scrape adds them as an {@link
 * ErrorMetricsSource}: its duration and zero samples.
 *
 * <p>A run fails (throws) when the scrape takes longer than the timeout (the request is cancelled),
 * the status is not 200, or the body does not parse (the message names the line); a failed run adds
 * no scraped samples.
 */
public final class PrometheusInput implements InputExt, TargetLabels, ErrorMetricsSource {
  /** The label naming the scrape's job. */
  public static final String JOB = "job";

  /** The label naming the scraped target, {@code host:port}. */
  public static final String INSTANCE = "instance";

  /** How long the scrape took, in seconds. */
  public static final String SCRAPE_DURATION_SECONDS = "scrape_duration_seconds";

  /** The samples the target exposed. */
  public static final String SCRAPE_SAMPLES_SCRAPED = "scrape_samples_scraped";

  /** The samples kept of those the target exposed. */
  public static final String SCRAPE_SAMPLES_POST_METRIC_RELABELING =
      "scrape_samples_post_metric_relabeling";

  /** The series of this scrape that were not in the previous one. */
  public static final String SCRAPE_SERIES_ADDED = "scrape_series_added";

  private static final String ACCEPT = "text/plain;version=0.0.4;q=1,*/*;q=0.1";
  private static final String EXPORTED = "exported_";
  private static final long NOT_STARTED = Long.MIN_VALUE;

  private final PrometheusScrapeConfig config;
  private final Map<String, String> targetLabels;
  private final HttpClient client;
  private final LongSupplier nanoTime;
  private final AtomicLong nonFiniteDropped = new AtomicLong();

  /** When the scrape in progress (or the last one) started, by {@link #nanoTime}; or none. */
  private volatile long scrapeStartNanos = NOT_STARTED;

  /** The series of the last successful scrape; written by the collecting thread only. */
  private volatile Set<Series> previousSeries = Set.of();

  /** Scrapes {@code config}'s URL. */
  public PrometheusInput(PrometheusScrapeConfig config) {
    this(config, System::nanoTime);
  }

  /** Scrapes {@code config}'s URL, timing scrapes with {@code nanoTime}. */
  public PrometheusInput(PrometheusScrapeConfig config, LongSupplier nanoTime) {
    this.config = Objects.requireNonNull(config, "config");
    this.targetLabels = config.targetLabels();
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(config.timeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  @Override
  public void collect(Accumulator accumulator) throws Exception {
    long start = nanoTime.getAsLong();
    scrapeStartNanos = start;
    String body = fetch();
    ParseResult result;
    try {
      result = WireFormat.PROMETHEUS_TEXT.parse(body);
    } catch (MetricParseException e) {
      throw new IOException(failed(e.getMessage()), e);
    }
    nonFiniteDropped.addAndGet(result.nonFiniteDropped());
    List<Metric> labelled = new ArrayList<>(result.metrics().size());
    Set<Series> series = new HashSet<>();
    for (Sample sample : result.metrics()) {
      Metric metric = Metric.from(sample);
      Metric target = metric.withTags(withTargetLabels(metric.tags()));
      labelled.add(target);
      series.add(new Series(target.name(), target.tags()));
    }
    Set<Series> previous = previousSeries;
    long added = series.stream().filter(s -> !previous.contains(s)).count();
    previousSeries = Set.copyOf(series);
    result.families().forEach(accumulator::describe);
    labelled.forEach(accumulator::addMetric);
    double seconds = (nanoTime.getAsLong() - start) / 1e9;
    addScrapeMetrics(
        accumulator,
        seconds,
        result.metrics().size() + result.nonFiniteDropped(),
        result.metrics().size(),
        added);
  }

  /** One line naming the target and the cause: {@code scrape of <url> failed: <cause>}. */
  private String failed(String cause) {
    return "scrape of " + config.url() + " failed: " + cause;
  }

  /**
   * A failed request's cause in a few words: {@code connection refused}, {@code unknown host h},
   * else the exception's message (its class where it has none).
   */
  static String cause(@Nullable Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException) {
        return t.getMessage() == null || t.getMessage().isBlank()
            ? "connection refused"
            : t.getMessage().toLowerCase(java.util.Locale.ROOT);
      }
      if (t instanceof java.net.UnknownHostException) {
        return "unknown host " + t.getMessage();
      }
    }
    if (failure == null) {
      return "no answer";
    }
    return failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
  }

  private String fetch() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(config.url())
            .timeout(config.timeout())
            .header("Accept", ACCEPT)
            .GET()
            .build();
    CompletableFuture<HttpResponse<String>> pending =
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> response;
    try {
      response = pending.get(config.timeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new TimeoutException(failed("no complete response within " + config.timeout()));
    } catch (InterruptedException e) {
      pending.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof java.net.http.HttpTimeoutException) {
        throw new TimeoutException(failed("no complete response within " + config.timeout()));
      }
      throw new IOException(failed(cause(cause)), cause);
    }
    if (response.statusCode() != 200) {
      throw new IOException(failed("HTTP status " + response.statusCode()));
    }
    return response.body();
  }

  /** {@code scraped} with the target labels set, honoring the scraped ones or not. */
  private Map<String, String> withTargetLabels(Map<String, String> scraped) {
    Map<String, String> labels = new HashMap<>(scraped);
    for (Map.Entry<String, String> target : targetLabels.entrySet()) {
      String name = target.getKey();
      String own = labels.get(name);
      if (own == null || own.isEmpty()) {
        labels.put(name, target.getValue());
      } else if (!config.honorLabels()) {
        String exported = EXPORTED + name;
        while (labels.containsKey(exported)) {
          exported = EXPORTED + exported;
        }
        labels.put(exported, own);
        labels.put(name, target.getValue());
      }
    }
    return labels;
  }

  private void addScrapeMetrics(
      Accumulator accumulator, double seconds, long scraped, long kept, long added) {
    accumulator.addMetric(SCRAPE_DURATION_SECONDS, targetLabels, seconds);
    accumulator.addMetric(SCRAPE_SAMPLES_SCRAPED, targetLabels, scraped);
    accumulator.addMetric(SCRAPE_SAMPLES_POST_METRIC_RELABELING, targetLabels, kept);
    accumulator.addMetric(SCRAPE_SERIES_ADDED, targetLabels, added);
  }

  /**
   * The scrape metrics of a failed scrape: its duration (the timeout, if abandoned), no samples.
   */
  @Override
  public void addErrorMetrics(@Nullable Throwable failure, Accumulator accumulator) {
    long start = scrapeStartNanos;
    double seconds =
        failure == null
            ? config.timeout().toNanos() / 1e9
            : start == NOT_STARTED ? 0 : Math.max(0, nanoTime.getAsLong() - start) / 1e9;
    addScrapeMetrics(accumulator, seconds, 0, 0, 0);
  }

  @Override
  public Map<String, String> targetLabels() {
    return targetLabels;
  }

  /** Takes over the series of the last scrape, so a new config does not count them as added. */
  @Override
  public void updateFrom(Input previous) {
    if (previous instanceof PrometheusInput input) {
      previousSeries = input.previousSeries;
    }
  }

  @Override
  public Map<String, Object> debugInfo() {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("url", config.url().toString());
    info.put(JOB, config.job());
    info.put(INSTANCE, config.instance());
    info.put("nonFiniteDropped", nonFiniteDropped.get());
    return info;
  }

  /** A series of a scrape: a name and its labels. */
  private record Series(String name, Map<String, String> labels) {}
}
