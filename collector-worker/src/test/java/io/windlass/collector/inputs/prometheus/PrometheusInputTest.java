package io.windlass.collector.inputs.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.windlass.collector.MemoryAccumulator;
import io.windlass.collector.Metric;
import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricType;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PrometheusInputTest {
  private HttpServer server;
  private final AtomicReference<String> body = new AtomicReference<>("");
  private final AtomicReference<Integer> status = new AtomicReference<>(200);
  private final AtomicReference<String> accept = new AtomicReference<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final MemoryAccumulator metrics = new MemoryAccumulator();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/metrics",
        exchange -> {
          accept.set(exchange.getRequestHeaders().getFirst("Accept"));
          byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(status.get(), bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.createContext(
        "/slow",
        exchange -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
  }

  private final AtomicLong nanos = new AtomicLong(1_000);

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private String instance() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private PrometheusInput input(String path, Duration timeout) {
    return new PrometheusInput(new PrometheusScrapeConfig(url(path), timeout));
  }

  private PrometheusInput input(String job, boolean honorLabels) {
    return new PrometheusInput(
        new PrometheusScrapeConfig(url("/metrics"), Duration.ofSeconds(10), job, honorLabels),
        nanos::get);
  }

  /** {@code tags} with the job and instance of a scrape of this test's server by {@code job}. */
  private Map<String, String> target(String job, Map<String, String> tags) {
    Map<String, String> labels = new java.util.HashMap<>(tags);
    labels.put("job", job);
    labels.put("instance", instance());
    return labels;
  }

  /** What a run collected, less the scrape's own metrics. */
  private List<Metric> scraped() {
    return metrics.metrics().stream().filter(m -> !m.name().startsWith("scrape_")).toList();
  }

  /** The scrape metric {@code name}'s value. */
  private double scrapeMetric(MemoryAccumulator from, String name) {
    return from.metrics().stream()
        .filter(m -> m.name().equals(name))
        .reduce((a, b) -> b)
        .orElseThrow()
        .value();
  }

  @Test
  void scrapesAndParsesTheEndpoint() throws Exception {
    body.set(
        "# HELP http_requests_total Requests.\n"
            + "# TYPE http_requests_total counter\n"
            + "http_requests_total{code=\"200\"} 1027\n"
            + "temperature 21.5 1700000000000\n");
    input("/metrics", Duration.ofSeconds(10)).collect(metrics);
    assertThat(scraped())
        .containsExactly(
            Metric.of("http_requests_total", target("prometheus", Map.of("code", "200")), 1027),
            new Metric("temperature", target("prometheus", Map.of()), 1700000000000L, 21.5));
    assertThat(accept.get()).startsWith("text/plain;version=0.0.4");
    assertThat(metrics.families())
        .containsExactly(
            new MetricFamily("http_requests_total", MetricType.COUNTER, "Requests.", ""));
  }

  /**
   * Covers a bug where two targets' {@code go_goroutines} were one series: scraped samples carried
   * neither job nor instance.
   */
  @Test
  void everySampleCarriesTheJobAndTheTargetsInstance() throws Exception {
    body.set("go_goroutines 7\n");
    input("node", false).collect(metrics);
    assertThat(scraped())
        .containsExactly(
            Metric.of("go_goroutines", Map.of("job", "node", "instance", instance()), 7));
  }

  @Test
  void withoutHonorLabelsAScrapedJobOrInstanceIsExported() throws Exception {
    body.set(
        "pushed{job=\"batch\",instance=\"h:1\",exported_job=\"older\"} 1\n"
            + "empty{job=\"\"} 2\n");
    input("pushgateway", false).collect(metrics);
    assertThat(scraped())
        .containsExactly(
            Metric.of(
                "pushed",
                Map.of(
                    "job", "pushgateway",
                    "instance", instance(),
                    "exported_exported_job", "batch",
                    "exported_job", "older",
                    "exported_instance", "h:1"),
                1),
            Metric.of("empty", Map.of("job", "pushgateway", "instance", instance()), 2));
  }

  @Test
  void withHonorLabelsAScrapedJobOrInstanceIsKept() throws Exception {
    body.set("pushed{job=\"batch\"} 1\n");
    input("pushgateway", true).collect(metrics);
    assertThat(scraped())
        .containsExactly(Metric.of("pushed", Map.of("job", "batch", "instance", instance()), 1));
  }

  @Test
  void eachScrapeAddsItsScrapeMetricsWithTheTargetLabels() throws Exception {
    body.set("a 1\nb{x=\"1\"} 2\nc NaN\n");
    PrometheusInput input =
        new PrometheusInput(
            new PrometheusScrapeConfig(url("/metrics"), Duration.ofSeconds(10), "node", false),
            () -> nanos.getAndAdd(250_000_000));
    input.collect(metrics);
    Map<String, String> labels = Map.of("job", "node", "instance", instance());
    assertThat(metrics.metrics())
        .contains(
            Metric.of("scrape_duration_seconds", labels, 0.25),
            Metric.of("scrape_samples_scraped", labels, 3),
            Metric.of("scrape_samples_post_metric_relabeling", labels, 2),
            Metric.of("scrape_series_added", labels, 2));

    body.set("a 1\nb{x=\"2\"} 2\n");
    MemoryAccumulator second = new MemoryAccumulator();
    input.collect(second);
    assertThat(scrapeMetric(second, "scrape_samples_scraped")).isEqualTo(2);
    assertThat(scrapeMetric(second, "scrape_series_added")).isEqualTo(1);
  }

  @Test
  void aFailedScrapeHasScrapeMetricsWithNoSamplesAndTheTargetLabelsForUp() {
    status.set(500);
    PrometheusInput input = input("node", false);
    assertThatThrownBy(() -> input.collect(metrics)).isInstanceOf(IOException.class);
    nanos.addAndGet(40_000_000);
    MemoryAccumulator errors = new MemoryAccumulator();
    input.addErrorMetrics(new IOException("status 500"), errors);
    Map<String, String> labels = Map.of("job", "node", "instance", instance());
    assertThat(errors.metrics())
        .containsExactly(
            Metric.of("scrape_duration_seconds", labels, 0.04),
            Metric.of("scrape_samples_scraped", labels, 0),
            Metric.of("scrape_samples_post_metric_relabeling", labels, 0),
            Metric.of("scrape_series_added", labels, 0));
    assertThat(input.targetLabels()).isEqualTo(labels);

    MemoryAccumulator abandoned = new MemoryAccumulator();
    input.addErrorMetrics(null, abandoned);
    assertThat(scrapeMetric(abandoned, "scrape_duration_seconds")).isEqualTo(10.0);
  }

  @Test
  void theInstanceIsTheTargetsHostAndPortWithTheSchemesDefault() {
    Duration second = Duration.ofSeconds(1);
    assertThat(new PrometheusScrapeConfig(URI.create("http://h/metrics"), second).instance())
        .isEqualTo("h:80");
    assertThat(new PrometheusScrapeConfig(URI.create("https://h/metrics"), second).instance())
        .isEqualTo("h:443");
    assertThat(new PrometheusScrapeConfig(URI.create("http://[::1]:9100/m"), second).instance())
        .isEqualTo("[::1]:9100");
  }

  @Test
  void dropsAndCountsNonFiniteSamples() throws Exception {
    body.set("a NaN\nb 2\n");
    PrometheusInput input = input("/metrics", Duration.ofSeconds(10));
    input.collect(metrics);
    assertThat(scraped())
        .containsExactly(Metric.of("b", target(PrometheusScrapeConfig.DEFAULT_JOB, Map.of()), 2));
    assertThat(input.debugInfo()).containsEntry("nonFiniteDropped", 1L);
  }

  @Test
  void aNon200StatusFails() {
    status.set(503);
    PrometheusInput input = input("/metrics", Duration.ofSeconds(10));
    assertThatThrownBy(() -> input.collect(metrics))
        .isInstanceOf(IOException.class)
        .hasMessageEndingWith("/metrics failed: HTTP status 503");
    assertThat(metrics.metrics()).isEmpty();
  }

  @Test
  void anUnparsableBodyFailsNamingTheLine() {
    body.set("ok 1\nbroken{ 1\n");
    PrometheusInput input = input("/metrics", Duration.ofSeconds(10));
    assertThatThrownBy(() -> input.collect(metrics))
        .isInstanceOf(IOException.class)
        .hasMessageEndingWith(
            "/metrics failed: line 2: expected a label name in broken, found '1'");
    assertThat(metrics.metrics()).isEmpty();
  }

  /** A refused connection is one line naming the target and the cause, for the pipeline's log. */
  @Test
  void aRefusedConnectionFailsNamingTheTargetAndTheCause() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    URI target = URI.create("http://127.0.0.1:" + closedPort + "/metrics");
    PrometheusInput input =
        new PrometheusInput(new PrometheusScrapeConfig(target, Duration.ofSeconds(10)));

    assertThatThrownBy(() -> input.collect(metrics))
        .isInstanceOf(IOException.class)
        .hasMessage("scrape of " + target + " failed: connection refused");
  }

  @Test
  void theCauseOfAFailedRequestIsAFewWords() {
    assertThat(PrometheusInput.cause(new IOException("x", new java.net.ConnectException())))
        .isEqualTo("connection refused");
    assertThat(PrometheusInput.cause(new java.net.UnknownHostException("nowhere.invalid")))
        .isEqualTo("unknown host nowhere.invalid");
    assertThat(PrometheusInput.cause(new IOException("stream closed"))).isEqualTo("stream closed");
    assertThat(PrometheusInput.cause(new IllegalStateException()))
        .isEqualTo("java.lang.IllegalStateException");
  }

  @Test
  void aSlowEndpointTimesOut() {
    PrometheusInput input = input("/slow", Duration.ofMillis(300));
    assertThatThrownBy(() -> input.collect(metrics))
        .isInstanceOf(TimeoutException.class)
        .hasMessageEndingWith("/slow failed: no complete response within PT0.3S");
  }

  @Test
  void configIsValidatedWithSpecificMessages() {
    assertThatThrownBy(
            () -> new PrometheusScrapeConfig(URI.create("ftp://h/metrics"), Duration.ofSeconds(1)))
        .hasMessage("prometheus url ftp://h/metrics must be http or https");
    assertThatThrownBy(
            () -> new PrometheusScrapeConfig(URI.create("http://h/metrics"), Duration.ZERO))
        .hasMessage("prometheus timeout PT0S must be > 0");
    assertThatThrownBy(
            () ->
                new PrometheusScrapeConfig(
                    URI.create("http://h/metrics"), Duration.ofSeconds(1), " ", false))
        .hasMessage("prometheus job must not be blank");
  }
}
