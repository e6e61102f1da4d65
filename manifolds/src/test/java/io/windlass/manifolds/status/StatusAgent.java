package io.windlass.manifolds.status;

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
import io.windlass.spool.MetricBatch;
import io.windlass.spool.SpoolDirectory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * The status and spool manifolds in a real engine, over real HTTP on a loopback ephemeral port,
 * storing into a real spool under a directory: for tests of the server's paths. {@link #close()}
 * stops it.
 */
final class StatusAgent implements AutoCloseable {
  private static final EngineConfig FAST =
      EngineConfig.builder()
          .errorDelay(Duration.ofMillis(20))
          .bounceDelay(Duration.ofMillis(1))
          .maxDelay(Duration.ofMillis(100))
          .stopTimeout(Duration.ofSeconds(10))
          .build();

  /** A loopback status server taking samples of any age. */
  static final String LOOPBACK =
      "ingest:\n  timestamps: {max-behind: 36500d}\nstatus:\n  listen: 127.0.0.1:0\n";

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final Path dir;
  private final Engine engine;
  private final URI base;
  private SpoolDirectory spool;

  /** Starts the agent with {@code yaml} under {@code dir}, and waits until pushes are taken. */
  StatusAgent(Path dir, String yaml, Module... extra) throws IOException {
    this.dir = dir;
    Path config = Files.writeString(dir.resolve("windlass.yaml"), yaml);
    List<Module> modules = new ArrayList<>();
    modules.add(new EngineModule(FAST));
    modules.add(new AgentManifoldModule(AgentOptions.of(config, data())));
    modules.add(new SpoolManifoldModule());
    modules.add(new StatusManifoldModule());
    modules.addAll(List.of(extra));
    engine = Guice.createInjector(modules).getInstance(Engine.class);
    engine.startAsync().awaitRunning();
    Path urlFile = data().resolve("run").resolve("status.url");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(urlFile));
    base = URI.create(Files.readString(urlFile).strip());
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(engine.report().manifold(StatusManifoldModule.HTTP_INGEST).state())
                    .isEqualTo("started"));
  }

  private Path data() {
    return dir.resolve("data");
  }

  /**
   * A request to {@code path} (relative, with its query), with {@code headers} (name, value...).
   */
  HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return request;
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    return send(request(path, headers).GET());
  }

  HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<String> put(String path, String body, String... headers) throws Exception {
    return send(request(path, headers).PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** The spool's batches, as another process reads them. */
  List<MetricBatch> spoolBatches() throws IOException {
    if (spool == null) {
      spool = SpoolDirectory.open(data().resolve("spool"));
    }
    return spool.reader().read();
  }

  List<Metric> spoolMetrics() throws IOException {
    return spoolBatches().stream().flatMap(b -> b.metrics().stream()).toList();
  }

  @Override
  public void close() throws IOException {
    engine.stopAsync().awaitTerminated();
    if (spool != null) {
      spool.close();
    }
  }
}
