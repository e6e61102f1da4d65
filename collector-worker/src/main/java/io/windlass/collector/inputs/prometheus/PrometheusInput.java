package io.windlass.collector.inputs.prometheus;

import io.windlass.collector.Accumulator;
import io.windlass.collector.InputExt;
import io.windlass.collector.Metric;
import io.windlass.spool.ingest.format.MetricParseException;
import io.windlass.spool.ingest.format.ParseResult;
import io.windlass.spool.ingest.format.WireFormat;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scrapes one endpoint with the JDK {@link HttpClient} and adds what {@link PrometheusTextParser}
 * reads from it.
 *
 * <p>A run fails (throws) when the scrape takes longer than the timeout (the request is cancelled),
 * the status is not 200, or the body does not parse (the message names the line); a failed run adds
 * no metrics. NaN and infinite samples are dropped and counted in {@link #debugInfo()}.
 */
public final class PrometheusInput implements InputExt {
  private static final String ACCEPT = "text/plain;version=0.0.4;q=1,*/*;q=0.1";

  private final PrometheusScrapeConfig config;
  private final HttpClient client;
  private final AtomicLong nonFiniteDropped = new AtomicLong();

  /** Scrapes {@code config}'s URL. */
  public PrometheusInput(PrometheusScrapeConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(config.timeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  @Override
  public void collect(Accumulator accumulator) throws Exception {
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
      throw new TimeoutException(
          "GET " + config.url() + ": no complete response within " + config.timeout());
    } catch (InterruptedException e) {
      pending.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof java.net.http.HttpTimeoutException) {
        throw new TimeoutException(
            "GET " + config.url() + ": no complete response within " + config.timeout());
      }
      throw new IOException("GET " + config.url() + ": " + cause, cause);
    }
    if (response.statusCode() != 200) {
      throw new IOException("GET " + config.url() + ": status " + response.statusCode());
    }
    ParseResult result;
    try {
      result = WireFormat.PROMETHEUS_TEXT.parse(response.body());
    } catch (MetricParseException e) {
      throw new IOException("GET " + config.url() + ": " + e.getMessage(), e);
    }
    nonFiniteDropped.addAndGet(result.nonFiniteDropped());
    result.metrics().forEach(sample -> accumulator.addMetric(Metric.from(sample)));
  }

  @Override
  public Map<String, Object> debugInfo() {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("url", config.url().toString());
    info.put("nonFiniteDropped", nonFiniteDropped.get());
    return info;
  }
}
