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
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

  private PrometheusInput input(String path, Duration timeout) {
    return new PrometheusInput(
        new PrometheusScrapeConfig(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path), timeout));
  }

  @Test
  void scrapesAndParsesTheEndpoint() throws Exception {
    body.set(
        "# HELP http_requests_total Requests.\n"
            + "# TYPE http_requests_total counter\n"
            + "http_requests_total{code=\"200\"} 1027\n"
            + "temperature 21.5 1700000000000\n");
    input("/metrics", Duration.ofSeconds(10)).collect(metrics);
    assertThat(metrics.metrics())
        .containsExactly(
            Metric.of("http_requests_total", Map.of("code", "200"), 1027),
            new Metric("temperature", Map.of(), 1700000000000L, 21.5));
    assertThat(accept.get()).startsWith("text/plain;version=0.0.4");
    assertThat(metrics.families())
        .containsExactly(
            new MetricFamily("http_requests_total", MetricType.COUNTER, "Requests.", ""));
  }

  @Test
  void dropsAndCountsNonFiniteSamples() throws Exception {
    body.set("a NaN\nb 2\n");
    PrometheusInput input = input("/metrics", Duration.ofSeconds(10));
    input.collect(metrics);
    assertThat(metrics.metrics()).containsExactly(Metric.of("b", 2));
    assertThat(input.debugInfo()).containsEntry("nonFiniteDropped", 1L);
  }

  @Test
  void aNon200StatusFails() {
    status.set(503);
    PrometheusInput input = input("/metrics", Duration.ofSeconds(10));
    assertThatThrownBy(() -> input.collect(metrics))
        .isInstanceOf(IOException.class)
        .hasMessageEndingWith("/metrics: status 503");
    assertThat(metrics.metrics()).isEmpty();
  }

  @Test
  void anUnparsableBodyFailsNamingTheLine() {
    body.set("ok 1\nbroken{ 1\n");
    PrometheusInput input = input("/metrics", Duration.ofSeconds(10));
    assertThatThrownBy(() -> input.collect(metrics))
        .isInstanceOf(IOException.class)
        .hasMessageEndingWith("/metrics: line 2: expected a label name in broken, found '1'");
    assertThat(metrics.metrics()).isEmpty();
  }

  @Test
  void aSlowEndpointTimesOut() {
    PrometheusInput input = input("/slow", Duration.ofMillis(300));
    assertThatThrownBy(() -> input.collect(metrics))
        .isInstanceOf(TimeoutException.class)
        .hasMessageEndingWith("/slow: no complete response within PT0.3S");
  }

  @Test
  void configIsValidatedWithSpecificMessages() {
    assertThatThrownBy(
            () -> new PrometheusScrapeConfig(URI.create("ftp://h/metrics"), Duration.ofSeconds(1)))
        .hasMessage("prometheus url ftp://h/metrics must be http or https");
    assertThatThrownBy(
            () -> new PrometheusScrapeConfig(URI.create("http://h/metrics"), Duration.ZERO))
        .hasMessage("prometheus timeout PT0S must be > 0");
  }
}
