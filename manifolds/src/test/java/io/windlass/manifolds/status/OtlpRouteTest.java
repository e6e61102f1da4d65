package io.windlass.manifolds.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.manifolds.config.ByteSize;
import io.windlass.manifolds.config.StatusLimits;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricReader;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.ingest.SampleTimeBounds;
import io.windlass.spool.ingest.http.HttpIngest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/metrics} through the status server into a real spool. */
class OtlpRouteTest {
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final IngestSlot slot = new IngestSlot();

  @TempDir Path dir;
  private SpoolDirectory spool;
  private StatusServer server;

  @BeforeEach
  void start() throws IOException {
    spool = SpoolDirectory.open(dir);
    server =
        StatusServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            Optional.empty(),
            1 << 20,
            Map.of(OtlpRoute.path(), new StatusServer.Endpoint("POST", new OtlpRoute(slot)::push)),
            new StatusLimits(
                Duration.ofMinutes(1),
                Duration.ofMinutes(1),
                Duration.ofMinutes(1),
                ByteSize.ofKiB(2),
                64,
                8,
                4),
            new StatusServer.Options(Duration.ofSeconds(30)),
            new StatusServer.RequestCounters());
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
    spool.close();
  }

  private void attachIngest() {
    slot.attach(
        new HttpIngest(
            spool,
            DeclaredMetrics.anyValue(),
            "agent-1",
            1 << 20,
            Clock.systemUTC(),
            SampleTimeBounds.defaults(),
            slot.stats(),
            slot.parsers()));
  }

  private HttpResponse<String> post(byte[] body, String... headers) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url()).resolve("/v1/metrics"))
            .timeout(Duration.ofSeconds(30))
            .headers(headers)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return zipped.toByteArray();
  }

  private static String gaugeJson(String name) {
    long nanos = Instant.now().toEpochMilli() * 1_000_000L;
    return "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\""
        + name
        + "\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\""
        + nanos
        + "\",\"asDouble\":1.5}]}}]}]}]}";
  }

  private List<String> stored() throws IOException {
    try (MetricReader reader = spool.reader()) {
      return reader.read().stream()
          .flatMap(batch -> batch.metrics().stream())
          .map(m -> m.key() + " " + m.value())
          .toList();
    }
  }

  @Test
  void aGzippedJsonRequestIsStoredAndAnsweredInJson() throws Exception {
    attachIngest();

    HttpResponse<String> response =
        post(
            gzip(gaugeJson("otlp.gauge")),
            "Content-Type",
            "application/json",
            "Content-Encoding",
            "gzip");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.body()).isEqualTo("{}");
    assertThat(stored()).containsExactly("otlp_gauge 1.5");
  }

  @Test
  void anUnsupportedContentTypeIs415() throws Exception {
    attachIngest();

    HttpResponse<String> response = post(gaugeJson("g").getBytes(), "Content-Type", "text/plain");

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(stored()).isEmpty();
  }

  @Test
  void withoutASpoolItIs503WithRetryAfter() throws Exception {
    HttpResponse<String> response =
        post(gaugeJson("g").getBytes(), "Content-Type", "application/x-protobuf");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After"))
        .hasValue(Integer.toString(StatusRoutes.RETRY_AFTER_SECONDS));
  }
}
