package io.windlass.collector.inputs.prometheus;

import com.sun.net.httpserver.HttpServer;
import io.windlass.collector.InputContractTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** {@link PrometheusInput} passes the contract kit, scraping a local endpoint with a fixed body. */
class PrometheusInputContractTest extends InputContractTest<PrometheusInput> {
  private static final byte[] BODY =
      ("# HELP http_requests_total Requests.\n"
              + "# TYPE http_requests_total counter\n"
              + "http_requests_total{code=\"200\",method=\"get\"} 1027\n"
              + "http_requests_total{code=\"500\",method=\"get\"} 3\n"
              + "# TYPE temperature gauge\n"
              + "temperature 21.5\n")
          .getBytes(StandardCharsets.UTF_8);

  private HttpServer server;

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, BODY.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(BODY);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Override
  protected PrometheusInput newInput() {
    return new PrometheusInput(
        new PrometheusScrapeConfig(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics"),
            Duration.ofSeconds(4)),
        () -> 0L);
  }

  /** The endpoint serves the same body every time, and scrapes take no time on this clock. */
  @Override
  protected boolean deterministicValues() {
    return true;
  }
}
