package io.windlass.manifolds.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.common.util.concurrent.AbstractIdleService;
import com.google.inject.Guice;
import com.google.inject.Module;
import io.windlass.engine.Engine;
import io.windlass.engine.EngineConfig;
import io.windlass.engine.EngineModule;
import io.windlass.engine.ManifoldModule;
import io.windlass.engine.ManifoldReport;
import io.windlass.manifolds.agent.AgentManifoldModule;
import io.windlass.manifolds.agent.AgentOptions;
import io.windlass.manifolds.health.Health;
import io.windlass.manifolds.spool.SpoolManifoldModule;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.ingest.format.ParseResult;
import io.windlass.spool.ingest.format.Sample;
import io.windlass.spool.ingest.format.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status manifolds in a real engine with short restart delays, over real HTTP on a loopback
 * ephemeral port, storing into a real spool in a temporary directory.
 */
class StatusManifoldModuleTest {
  private static final EngineConfig FAST =
      EngineConfig.builder()
          .errorDelay(Duration.ofMillis(20))
          .bounceDelay(Duration.ofMillis(1))
          .maxDelay(Duration.ofMillis(100))
          .stopTimeout(Duration.ofSeconds(10))
          .build();

  /** A loopback status server; the samples pushed here are stamped in 2025, so no lower bound. */
  private static final String LOOPBACK =
      "ingest:\n  timestamps: {max-behind: 36500d}\nstatus:\n  listen: 127.0.0.1:0\n";

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final List<SpoolDirectory> opened = new ArrayList<>();
  private Engine engine;
  private URI base;

  private Path data() {
    return dir.resolve("data");
  }

  private Path urlFile() {
    return data().resolve("run").resolve("status.url");
  }

  private void start(String yaml, Module... extra) throws IOException {
    startEngine(yaml, extra);
    await().until(() -> Files.exists(urlFile()));
    base = URI.create(Files.readString(urlFile()).strip());
    await()
        .untilAsserted(
            () ->
                assertThat(manifold(StatusManifoldModule.HTTP_INGEST).state())
                    .isEqualTo("started"));
  }

  private void startEngine(String yaml, Module... extra) throws IOException {
    Path config = Files.writeString(dir.resolve("windlass.yaml"), yaml);
    List<Module> modules = new ArrayList<>();
    modules.add(new EngineModule(FAST));
    modules.add(new AgentManifoldModule(AgentOptions.of(config, data())));
    modules.add(new SpoolManifoldModule());
    modules.add(new StatusManifoldModule());
    modules.addAll(List.of(extra));
    engine = Guice.createInjector(modules).getInstance(Engine.class);
    engine.startAsync().awaitRunning();
  }

  @AfterEach
  void stop() throws IOException {
    if (engine != null) {
      engine.stopAsync().awaitTerminated();
    }
    for (SpoolDirectory directory : opened) {
      directory.close();
    }
  }

  private static ConditionFactory await() {
    return org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5));
  }

  private ManifoldReport manifold(String name) {
    return engine.report().manifold(name);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return request;
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    return send(request(path, headers).GET());
  }

  private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    return post(path, BodyPublishers.ofString(body), headers);
  }

  private HttpResponse<String> post(String path, BodyPublisher body, String... headers)
      throws Exception {
    return send(request(path, headers).POST(body));
  }

  /** The agent's spool as another process sees it. */
  private List<MetricBatch> spoolBatches() throws IOException {
    if (opened.isEmpty()) {
      opened.add(SpoolDirectory.open(data().resolve("spool")));
    }
    return opened.get(0).reader().read();
  }

  private List<io.windlass.spool.Metric> spoolMetrics() throws IOException {
    return spoolBatches().stream().flatMap(b -> b.metrics().stream()).toList();
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return zipped.toByteArray();
  }

  @Test
  void writesItsUrlToAPrivateFileAndRemovesItOnStop() throws Exception {
    start(LOOPBACK);

    assertThat(base.toString()).matches("http://127\\.0\\.0\\.1:\\d+/");
    assertThat(Files.readString(urlFile())).isEqualTo(base + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(urlFile())))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data().resolve("run"), LinkOption.NOFOLLOW_LINKS)))
        .isEqualTo("rwx------");
    try (var files = Files.list(data().resolve("run"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("status.url");
    }
    assertThat(manifold("status").inputs()).containsExactly("agent");
    assertThat(manifold("http-ingest").inputs()).containsExactly("agent", "spool");
    // The file is written just before the worker reports itself started.
    await()
        .untilAsserted(
            () -> assertThat(manifold("status").report()).containsEntry("url", base.toString()));

    engine.stopAsync().awaitTerminated();

    assertThat(urlFile()).doesNotExist();
  }

  @Test
  void healthzIsOkWhenEveryManifoldRuns() throws Exception {
    start(LOOPBACK);

    HttpResponse<String> response = get("healthz");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok\n");
  }

  /** A manifold whose worker always fails to start. */
  static final class BrokenWorker extends AbstractIdleService {
    @Override
    protected void startUp() throws IOException {
      throw new IOException("disk on fire");
    }

    @Override
    protected void shutDown() {}
  }

  @Test
  void healthzIs503NamingAFailingManifold() throws Exception {
    start(
        LOOPBACK,
        new ManifoldModule() {
          @Override
          protected void configureManifolds() {
            manifold("broken").worker(BrokenWorker.class);
          }
        });

    await()
        .untilAsserted(
            () -> {
              HttpResponse<String> response = get("healthz");
              assertThat(response.statusCode()).isEqualTo(503);
              assertThat(response.body())
                  .startsWith("not running: broken\n")
                  .contains("broken: ")
                  .contains("disk on fire")
                  .doesNotContain("status:")
                  .doesNotContain("spool:");
            });
    assertThat(get("metrics").body()).contains("windlass_healthy 0.0\n");
  }

  @Test
  void whileTheSpoolIsDownHealthzNamesItAndPushesGet503WithRetryAfter() throws Exception {
    // The data directory is usable, but the spool in it cannot be opened: one of its staging
    // directories is a file.
    Files.createDirectories(data().resolve("spool/.staging"));
    Files.writeString(data().resolve("spool/.staging/0"), "not a directory");
    startEngine(LOOPBACK);
    await().until(() -> Files.exists(urlFile()));
    base = URI.create(Files.readString(urlFile()).strip());

    await()
        .untilAsserted(
            () -> {
              HttpResponse<String> health = get("healthz");
              assertThat(health.statusCode()).isEqualTo(503);
              assertThat(health.body()).contains("spool").contains("http-ingest");
            });
    HttpResponse<String> push = post("api/v1/import/prometheus", "a 1\n");

    assertThat(push.statusCode()).isEqualTo(503);
    assertThat(push.headers().firstValue("Retry-After")).hasValue("10");
    assertThat(push.body()).isEqualTo("not stored: the spool is not open\n");
  }

  @Test
  void servesTheEngineReportAsJson() throws Exception {
    start(LOOPBACK);

    HttpResponse<String> response = get("engine");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode report = JsonMapper.builder().build().readTree(response.body());
    assertThat(report.get("state").asText()).isEqualTo("started");
    assertThat(report.get("manifolds").get("status").get("inputs").toString())
        .isEqualTo("[\"agent\"]");
    assertThat(report.get("manifolds").get("spool").get("report").get("directory").asText())
        .isEqualTo(data().resolve("spool").toString());
  }

  /** The request's Content-Type reaches the parser: OpenMetrics timestamps are seconds. */
  @Test
  void anOpenMetricsPushIsReadInSeconds() throws Exception {
    start(LOOPBACK);
    long seconds = Instant.now().getEpochSecond();
    String body = "# TYPE jobs counter\njobs_total 3 " + seconds + " # {trace_id=\"a\"} 1\n# EOF\n";

    HttpResponse<String> openMetrics =
        post(
            "api/v1/import/prometheus",
            body,
            "Content-Type",
            "application/openmetrics-text; version=1.0.0; charset=utf-8");
    HttpResponse<String> asPrometheusText = post("api/v1/import/prometheus", body);

    assertThat(openMetrics.statusCode()).isEqualTo(204);
    assertThat(asPrometheusText.statusCode()).isEqualTo(204);
    // Without the content type the integer timestamp is Prometheus text's milliseconds.
    assertThat(spoolMetrics())
        .extracting(io.windlass.spool.Metric::key, io.windlass.spool.Metric::time)
        .containsExactly(
            tuple("jobs_total", Instant.ofEpochSecond(seconds)),
            tuple("jobs_total", Instant.ofEpochMilli(seconds)));
  }

  @Test
  void aPrometheusPushIsDurableInTheSpoolWhenItsAnswerArrives() throws Exception {
    start(LOOPBACK);

    HttpResponse<String> response =
        post(
            "api/v1/import/prometheus",
            """
            # TYPE http_requests_total counter
            http_requests_total{code="200",method="get"} 1027 1735786800123
            http_requests_total{code="500",method="get"} 3 1735786800123
            temperature{room="a"} -4.5
            """);

    assertThat(response.statusCode()).isEqualTo(204);
    List<MetricBatch> batches = spoolBatches();
    assertThat(batches).hasSize(1);
    assertThat(batches.get(0).charmUrl()).isEqualTo("push:prometheus");
    assertThat(batches.get(0).metrics())
        .extracting(
            io.windlass.spool.Metric::key,
            io.windlass.spool.Metric::value,
            io.windlass.spool.Metric::labels)
        .containsExactly(
            tuple("http_requests_total", "1027", Map.of("code", "200", "method", "get")),
            tuple("http_requests_total", "3", Map.of("code", "500", "method", "get")),
            tuple("temperature", "-4.5", Map.of("room", "a")));
    assertThat(batches.get(0).metrics().get(0).time())
        .isEqualTo(Instant.ofEpochMilli(1735786800123L));
    assertThat(batches.get(0).metrics().get(2).time())
        .isBetween(Instant.now().minusSeconds(60), Instant.now());
  }

  @Test
  void anInfluxPushTakesThePrecisionAndGzip() throws Exception {
    start(LOOPBACK);

    HttpResponse<String> response =
        post(
            "write?db=ignored&precision=s",
            BodyPublishers.ofByteArray(
                gzip("cpu,host=web-1 user=12.5,system=3i,label=\"x\" 1735786800\n")),
            "Content-Encoding",
            "gzip");

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(spoolMetrics())
        .extracting(
            io.windlass.spool.Metric::key,
            io.windlass.spool.Metric::value,
            io.windlass.spool.Metric::time)
        .containsExactly(
            tuple("cpu_user", "12.5", Instant.ofEpochSecond(1735786800)),
            tuple("cpu_system", "3", Instant.ofEpochSecond(1735786800)));
    assertThat(spoolBatches().get(0).charmUrl()).isEqualTo("push:influx");
  }

  @Test
  void aBadLineGets400WithItsNumberAndNothingOfTheRequestIsKept() throws Exception {
    start(LOOPBACK);

    HttpResponse<String> response =
        post("api/v1/import/prometheus", "a 1\nb 2\nc{x=\"1\" 3\nd 4\n");
    HttpResponse<String> refusedBySpool =
        post("api/v1/import/prometheus", "a 1\nb{__reserved=\"1\"} 2\n");
    HttpResponse<String> badPrecision = post("write?precision=fortnight", "m f=1\n");
    HttpResponse<String> badInflux = post("write", "m f=1\nm f=oops\n");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).startsWith("line 3: ");
    assertThat(refusedBySpool.statusCode()).isEqualTo(400);
    assertThat(refusedBySpool.body()).startsWith("line 2: ").contains("__reserved");
    assertThat(badPrecision.statusCode()).isEqualTo(400);
    assertThat(badPrecision.body())
        .isEqualTo("precision \"fortnight\" is not one of ns, us, ms, s, m, h\n");
    assertThat(badInflux.statusCode()).isEqualTo(400);
    assertThat(badInflux.body()).isEqualTo("line 2: invalid value oops for field \"f\"\n");
    assertThat(spoolBatches()).isEmpty();
  }

  @Test
  void aBodyPastTheLimitGets413AndNothingIsKept() throws Exception {
    start(LOOPBACK + "  max-body-bytes: 1KiB\n");
    String big = "a 1\n".repeat(300);

    HttpResponse<String> declared = post("api/v1/import/prometheus", big);
    HttpResponse<String> chunked =
        post(
            "api/v1/import/prometheus",
            BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))));
    HttpResponse<String> inflated =
        post(
            "api/v1/import/prometheus",
            BodyPublishers.ofByteArray(gzip(big)),
            "Content-Encoding",
            "gzip");
    HttpResponse<String> fits = post("api/v1/import/prometheus", "a 1\n".repeat(200));

    assertThat(declared.statusCode()).isEqualTo(413);
    assertThat(declared.body())
        .isEqualTo("the request body of 1200 bytes is larger than the limit of 1024 bytes\n");
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(chunked.body()).isEqualTo("the request body is larger than 1024 bytes\n");
    assertThat(inflated.statusCode()).isEqualTo(413);
    assertThat(inflated.body()).isEqualTo("the decoded request body is larger than 1024 bytes\n");
    assertThat(fits.statusCode()).isEqualTo(204);
    assertThat(spoolMetrics()).hasSize(200);
  }

  @Test
  void aFullSpoolGets503WithRetryAfterAndKeepsNothingOfTheRequest() throws Exception {
    start(LOOPBACK + "spool:\n  max-batches: 1\n  overflow: reject-new\n");

    HttpResponse<String> first = post("api/v1/import/prometheus", "a 1\n");
    HttpResponse<String> second = post("write", "m f=1\nm f=2\n");

    assertThat(first.statusCode()).isEqualTo(204);
    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(second.headers().firstValue("Retry-After")).hasValue("10");
    assertThat(second.body()).startsWith("not stored: ");
    assertThat(spoolMetrics()).extracting(io.windlass.spool.Metric::key).containsExactly("a");
  }

  @Test
  void anUnsupportedEncodingGets415() throws Exception {
    start(LOOPBACK);

    HttpResponse<String> response =
        post("api/v1/import/prometheus", "a 1\n", "Content-Encoding", "zstd");

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(spoolBatches()).isEmpty();
  }

  @Test
  void wrongMethodsGet405WithAllowAndUnknownPaths404() throws Exception {
    start(LOOPBACK);

    HttpResponse<String> getWrite = get("write");
    HttpResponse<String> postHealthz = post("healthz", "");
    HttpResponse<String> deleteMetrics = send(request("metrics").DELETE());
    HttpResponse<String> unknown = get("healthz/extra");
    HttpResponse<String> unknownPage = get("console/nope");

    assertThat(getWrite.statusCode()).isEqualTo(405);
    assertThat(getWrite.headers().firstValue("Allow")).hasValue("POST");
    assertThat(postHealthz.statusCode()).isEqualTo(405);
    assertThat(postHealthz.headers().firstValue("Allow")).hasValue("GET");
    assertThat(deleteMetrics.statusCode()).isEqualTo(405);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknownPage.statusCode()).isEqualTo(404);
  }

  @Test
  void theRootIsTheWebConsoleReadingTheRunningEngine() throws Exception {
    start(LOOPBACK);

    HttpResponse<String> root = get("");
    HttpResponse<String> manifolds = get("api/console/v1/manifolds");

    assertThat(root.statusCode()).isEqualTo(200);
    assertThat(root.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(manifolds.statusCode()).isEqualTo(200);
    assertThat(manifolds.body())
        .contains("\"name\":\"status\"", "\"name\":\"spool\"", "\"name\":\"agent\"");
  }

  @Test
  void withATokenEveryRequestMustCarryIt() throws Exception {
    start(LOOPBACK + "  token: s3cret\n");

    for (String path : List.of("healthz", "engine", "metrics", "nope")) {
      HttpResponse<String> none = get(path);
      assertThat(none.statusCode()).as(path).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"windlass\"");
      assertThat(get(path, "Authorization", "Bearer s3cre").statusCode()).isEqualTo(401);
      assertThat(get(path, "Authorization", "Bearer s3cret-and-more").statusCode()).isEqualTo(401);
      assertThat(get(path, "Authorization", "s3cret").statusCode()).isEqualTo(401);
    }
    assertThat(post("write", "m f=1\n").statusCode()).isEqualTo(401);
    assertThat(spoolBatches()).isEmpty();

    assertThat(get("healthz", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
    assertThat(get("metrics", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
    assertThat(get("nope", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(404);
    assertThat(post("write", "m f=1\n", "Authorization", "Bearer s3cret").statusCode())
        .isEqualTo(204);
    assertThat(spoolMetrics()).hasSize(1);
  }

  @Test
  void concurrentPushesAreAllStored() throws Exception {
    start(LOOPBACK);
    int clients = 8;
    int pushes = 5;
    int lines = 500;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<List<Integer>>> results = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        results.add(
            pool.submit(
                () -> {
                  List<Integer> statuses = new ArrayList<>();
                  for (int p = 0; p < pushes; p++) {
                    StringBuilder body = new StringBuilder();
                    for (int i = 0; i < lines; i++) {
                      body.append("load{client=\"")
                          .append(client)
                          .append("\",series=\"")
                          .append(i)
                          .append("\"} ")
                          .append(p)
                          .append(' ')
                          .append(1735786800000L + p)
                          .append('\n');
                    }
                    statuses.add(post("api/v1/import/prometheus", body.toString()).statusCode());
                  }
                  return statuses;
                }));
      }
      for (Future<List<Integer>> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).containsOnly(204);
      }
    } finally {
      pool.shutdownNow();
    }

    List<MetricBatch> batches = spoolBatches();
    assertThat(batches).hasSize(clients * pushes);
    assertThat(batches).allSatisfy(batch -> assertThat(batch.metrics()).hasSize(lines));
    assertThat(get("metrics").body())
        .contains(
            "windlass_push_samples_total{format=\"prometheus\"} "
                + (double) (clients * pushes * lines));
    assertThat(get("federate").body())
        .contains("load{client=\"7\",series=\"499\",source=\"push:prometheus\"} 4 1735786800004\n");
  }

  /** An exposition's samples by name and sorted labels, as the collector's parser reads them. */
  private static Map<String, Sample> byName(String text) throws Exception {
    ParseResult parsed = WireFormat.PROMETHEUS_TEXT.parse(text);
    return parsed.metrics().stream()
        .collect(
            Collectors.toMap(
                m -> m.name() + new java.util.TreeMap<>(m.tags()), m -> m, (a, b) -> b));
  }

  /** The exposition parsed back with the collector's parser, as a scraper would read it. */
  @Test
  void metricsAreValidExpositionWithTheAgentsCountersOnlyAndFederateHasTheLatestSamples()
      throws Exception {
    start(LOOPBACK);
    assertThat(
            post(
                    "api/v1/import/prometheus",
                    "disk_used{dev=\"sda\"} 10 1000\ndisk_used{dev=\"sda\"} 12 2000\n"
                        + "weird{v=\"a\\\"b\\\\c\\nd\"} 1 3000\n")
                .statusCode())
        .isEqualTo(204);
    assertThat(post("write", "cpu.load,host=a value=0.5 4000000000\n").statusCode()).isEqualTo(204);
    assertThat(post("write", "m f=oops\n").statusCode()).isEqualTo(400);

    HttpResponse<String> response = get("metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    String text = response.body();
    Map<String, Sample> byName = byName(text);
    assertThat(byName.keySet())
        .as("only the agent's own metrics")
        .allSatisfy(name -> assertThat(name).startsWith("windlass_"));

    HttpResponse<String> federate = get("federate");
    assertThat(federate.statusCode()).isEqualTo(200);
    assertThat(federate.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    Map<String, Sample> federated = byName(federate.body());
    assertThat(federated.get("disk_used{dev=sda, source=push:prometheus}"))
        .isEqualTo(
            new Sample("disk_used", Map.of("dev", "sda", "source", "push:prometheus"), 2000, 12));
    assertThat(federated.get("weird{source=push:prometheus, v=a\"b\\c\nd}").value()).isEqualTo(1);
    assertThat(federated.get("cpu_load_value{host=a, source=push:influx}"))
        .as("a spool key becomes a metric name")
        .isEqualTo(
            new Sample("cpu_load_value", Map.of("host", "a", "source", "push:influx"), 4000, 0.5));
    assertThat(federated).hasSize(3);
    assertThat(byName.get("windlass_healthy{}").value()).isEqualTo(1);
    assertThat(byName.get("windlass_manifold_up{manifold=spool}").value()).isEqualTo(1);
    assertThat(byName.get("windlass_manifold_restarts_total{manifold=spool}").value()).isEqualTo(0);
    assertThat(byName.get("windlass_spool_batches{}").value()).isEqualTo(2);
    assertThat(byName.get("windlass_spool_published_metrics_total{}").value()).isEqualTo(4);
    assertThat(byName.get("windlass_collected_metrics_total{source=push:prometheus}").value())
        .isEqualTo(3);
    assertThat(byName.get("windlass_collected_metrics_total{source=push:influx}").value())
        .isEqualTo(1);
    assertThat(byName.get("windlass_push_requests_total{format=influx, outcome=refused}").value())
        .isEqualTo(1);
    assertThat(byName.get("windlass_status_requests_total{code=400, path=/write}").value())
        .isEqualTo(1);
    assertThat(byName.get("windlass_spool_dropped_batches_total{reason=max-age}").value())
        .isEqualTo(0);
    assertThat(byName.get("windlass_latest_series{}").value()).isEqualTo(3);
    assertThat(byName).doesNotContainKey("windlass_sender_sent_batches_total{}");

    // Every own family has HELP and TYPE, and counters end in _total.
    Matcher types = Pattern.compile("(?m)^# TYPE (windlass_\\w+) (\\w+)$").matcher(text);
    int families = 0;
    while (types.find()) {
      families++;
      assertThat(text).contains("# HELP " + types.group(1) + " ");
      if (types.group(2).equals("counter")) {
        assertThat(types.group(1)).endsWith("_total");
      }
    }
    assertThat(families).isGreaterThan(10);
  }

  @Test
  void metricsAreGzippedForAClientThatAcceptsIt() throws Exception {
    start(LOOPBACK);

    HttpResponse<byte[]> response =
        http.send(
            request("metrics", "Accept-Encoding", "gzip").GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(response.body()))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .contains("# TYPE windlass_healthy gauge");
    }
  }

  @Test
  void aRequestWhoseBodyStopsArrivingGets408AndNothingIsKept() throws Exception {
    start(LOOPBACK + "  idle-timeout: 200ms\n");

    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /write HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nm f=1\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();

      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

      assertThat(answer)
          .startsWith("HTTP/1.1 408 ")
          .contains("Connection: close")
          .endsWith("the request body stopped arriving for status.idle-timeout (200 ms)\n");
    }
    await()
        .untilAsserted(
            () -> assertThat(get("metrics").body()).contains("code=\"408\",path=\"/write\"} 1.0"));
    assertThat(spoolBatches()).isEmpty();
  }

  @Test
  void disabledItServesNothingAndIsNotDown() throws Exception {
    startEngine("status:\n  enabled: false\n  listen: 127.0.0.1:0\n");

    await()
        .untilAsserted(
            () -> {
              ManifoldReport status = manifold("status");
              assertThat(status.state()).isEqualTo("stopped");
              assertThat(status.error()).isNull();
              assertThat(status.startCount()).isEqualTo(1);
              assertThat(manifold("http-ingest").state()).isEqualTo("started");
            });
    assertThat(urlFile()).doesNotExist();
    assertThat(Health.of(engine.report()).healthy()).isTrue();
  }
}
