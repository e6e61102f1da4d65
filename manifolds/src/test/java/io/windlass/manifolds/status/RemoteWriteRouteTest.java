package io.windlass.manifolds.status;

import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.labelRefs;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.labels;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.message;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.requestV2;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.sample;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.sampleV2;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.series;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.seriesV2;
import static io.windlass.spool.ingest.remotewrite.RemoteWriteMessages.snappy;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Module;
import io.windlass.engine.Engine;
import io.windlass.engine.EngineConfig;
import io.windlass.engine.EngineModule;
import io.windlass.manifolds.agent.AgentManifoldModule;
import io.windlass.manifolds.agent.AgentOptions;
import io.windlass.manifolds.spool.SpoolManifoldModule;
import io.windlass.spool.Metric;
import io.windlass.spool.SpoolDirectory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/write} over real HTTP into a real spool, with the status manifolds in a real
 * engine: content negotiation, the written-counts headers, and the answers of a refused request.
 */
class RemoteWriteRouteTest {
  private static final String V1 = "application/x-protobuf";
  private static final String V2 = "application/x-protobuf;proto=io.prometheus.write.v2.Request";

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private Engine engine;
  private URI base;
  private final long now = Instant.now().toEpochMilli();

  @BeforeEach
  void start() throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("windlass.yaml"),
            "status:\n  listen: 127.0.0.1:0\n  max-body-bytes: 64KiB\n");
    Path data = dir.resolve("data");
    List<Module> modules =
        List.of(
            new EngineModule(
                EngineConfig.builder()
                    .errorDelay(Duration.ofMillis(20))
                    .bounceDelay(Duration.ofMillis(1))
                    .maxDelay(Duration.ofMillis(100))
                    .stopTimeout(Duration.ofSeconds(10))
                    .build()),
            new AgentManifoldModule(AgentOptions.of(config, data)),
            new SpoolManifoldModule(),
            new StatusManifoldModule());
    engine = Guice.createInjector(modules).getInstance(Engine.class);
    engine.startAsync().awaitRunning();
    Path url = data.resolve("run").resolve("status.url");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(url));
    base = URI.create(Files.readString(url).strip());
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                "started"
                    .equals(engine.report().manifold(StatusManifoldModule.HTTP_INGEST).state()));
  }

  @AfterEach
  void stop() {
    engine.stopAsync().awaitTerminated();
  }

  private HttpResponse<String> post(String path, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(10))
            .POST(BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private List<Metric> spoolMetrics() throws IOException {
    try (SpoolDirectory spool = SpoolDirectory.open(dir.resolve("data").resolve("spool"))) {
      return spool.reader().read().stream().flatMap(b -> b.metrics().stream()).toList();
    }
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse("(none)");
  }

  private byte[] v1Request() {
    return snappy(
        message(
            series(labels("__name__", "up", "job", "node"), sample(1, now), sample(1, now + 1)),
            series(labels("__name__", "load1"), sample(0.5, now))));
  }

  @Test
  void storesARemoteWrite1RequestAndSaysHowManySamplesWereWritten() throws Exception {
    HttpResponse<String> response =
        post(
            "api/v1/write",
            v1Request(),
            "Content-Type",
            V1,
            "Content-Encoding",
            "snappy",
            "X-Prometheus-Remote-Write-Version",
            "0.1.0");

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(header(response, RemoteWriteRoute.SAMPLES_WRITTEN)).isEqualTo("3");
    assertThat(header(response, RemoteWriteRoute.HISTOGRAMS_WRITTEN)).isEqualTo("0");
    assertThat(header(response, RemoteWriteRoute.EXEMPLARS_WRITTEN)).isEqualTo("0");
    assertThat(spoolMetrics())
        .extracting(m -> m.key() + m.labels() + "=" + m.value())
        .containsExactly("up{job=node}=1", "up{job=node}=1", "load1{}=0.5");
  }

  @Test
  void storesARemoteWrite2RequestOnThePrefixedPath() throws Exception {
    byte[] body =
        snappy(
            requestV2(
                List.of("", "__name__", "jobs", "queue", "mail"),
                seriesV2(labelRefs(1, 2, 3, 4), sampleV2(7, now))));

    HttpResponse<String> response =
        post("prometheus/api/v1/write", body, "Content-Type", V2, "Content-Encoding", "snappy");

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(header(response, RemoteWriteRoute.SAMPLES_WRITTEN)).isEqualTo("1");
    assertThat(spoolMetrics())
        .extracting(m -> m.key() + m.labels() + "=" + m.value())
        .containsExactly("jobs{queue=mail}=7");
  }

  @Test
  void takesABodyWithoutContentEncodingAsSnappy() throws Exception {
    HttpResponse<String> response = post("api/v1/write", v1Request(), "Content-Type", V1);

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(spoolMetrics()).hasSize(3);
  }

  @Test
  void refusesAnotherContentTypeWith415NamingWhatIsTaken() throws Exception {
    HttpResponse<String> response =
        post("api/v1/write", v1Request(), "Content-Type", "application/json");

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(response.body())
        .isEqualTo(
            "Content-Type \"application/json\" is not supported: "
                + io.windlass.spool.ingest.remotewrite.RemoteWriteVersion.SUPPORTED
                + "\n");
    assertThat(
            post(
                    "api/v1/write",
                    v1Request(),
                    "Content-Type",
                    "application/x-protobuf;proto=io.prometheus.write.v3.Request")
                .statusCode())
        .isEqualTo(415);
    assertThat(spoolMetrics()).isEmpty();
  }

  @Test
  void refusesAnotherContentEncodingWith415() throws Exception {
    HttpResponse<String> response =
        post("api/v1/write", v1Request(), "Content-Type", V1, "Content-Encoding", "gzip");

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(response.body()).contains("send Content-Encoding: snappy");
  }

  @Test
  void refusesABadRequestWith400AndNothingWritten() throws Exception {
    byte[] body =
        snappy(
            message(
                series(labels("__name__", "good"), sample(1, now)),
                series(labels("job", "nameless"), sample(1, now))));

    HttpResponse<String> response =
        post("api/v1/write", body, "Content-Type", V1, "Content-Encoding", "snappy");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("series {job=\"nameless\"} has no __name__ label\n");
    assertThat(header(response, RemoteWriteRoute.SAMPLES_WRITTEN)).isEqualTo("0");
    assertThat(spoolMetrics()).isEmpty();
  }

  @Test
  void refusesAMessageDecodingPastTheBodyLimitWith413() throws Exception {
    byte[] body =
        snappy(
            message(series(labels("__name__", "m", "pad", "x".repeat(100_000)), sample(1, now))));

    HttpResponse<String> response =
        post("api/v1/write", body, "Content-Type", V1, "Content-Encoding", "snappy");

    assertThat(body.length).isLessThan(64 * 1024);
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("larger than the limit of 65536 bytes");
  }

  @Test
  void countsRequestsPerProtocolOnMetrics() throws Exception {
    post("api/v1/write", v1Request(), "Content-Type", V1, "Content-Encoding", "snappy");

    HttpResponse<String> metrics =
        http.send(
            HttpRequest.newBuilder(base.resolve("metrics")).GET().build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(metrics.body())
        .contains(
            "windlass_push_requests_total{format=\"remote-write-1\",outcome=\"stored\"} 1.0\n")
        .contains("windlass_push_samples_total{format=\"remote-write-1\"} 3.0\n")
        .contains(
            "windlass_push_requests_total{format=\"remote-write-2\",outcome=\"stored\"} 0.0\n")
        .contains(
            "windlass_push_dropped_parts_total{format=\"remote-write-1\",reason=\"exemplar\"} 0.0\n");
  }
}
