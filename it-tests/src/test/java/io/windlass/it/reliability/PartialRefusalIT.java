package io.windlass.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.windlass.it.agent.AgentExtension;
import io.windlass.it.agent.WindlassAgentProcess;
import io.windlass.it.backend.BackendExtension;
import io.windlass.it.backend.PrometheusServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real Prometheus refusing part of a batch: it rolls back a whole remote-write request for one
 * sample it will never take (too old: "out of bounds"), and the agent splits the request until that
 * sample is alone, delivers the rest of the batch and keeps only the refused sample in {@code
 * rejected/}, with Prometheus' reason.
 */
class PartialRefusalIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @RegisterExtension
  final BackendExtension<PrometheusServer> prometheus =
      new BackendExtension<>(PrometheusServer::new);

  @RegisterExtension final AgentExtension agents = new AgentExtension();

  private WindlassAgentProcess agent;

  @Test
  void anOldSampleAmongFreshOnesInOneBatchGoesToRejectedAloneAndTheFreshOnesArrive()
      throws Exception {
    PrometheusServer backend = prometheus.get();
    agent =
        agents
            .track(new WindlassAgentProcess())
            .config(
                "inputs: []\nsink:\n  url: "
                    + backend.remoteWriteUri()
                    + "\n  interval: 200ms\n  jitter: 0s\n  retry-min: 100ms\n"
                    + "  retry-max: 500ms\n")
            .start();
    URI push = agent.importPrometheusUri();
    long now = Instant.now().toEpochMilli();
    assertThat(post(push, "fresh{n=\"0\"} 1 " + now + "\n")).isEqualTo(204);
    await().atMost(PATIENCE).until(() -> !backend.query("fresh").isEmpty());

    // One push, one batch: three fresh samples and, among them, one three hours old.
    long old = now - Duration.ofHours(3).toMillis();
    String body =
        "fresh{n=\"1\"} 2 "
            + (now + 1)
            + "\nstale{n=\"1\"} 1 "
            + old
            + "\nfresh{n=\"2\"} 3 "
            + (now + 1)
            + "\nfresh{n=\"3\"} 4 "
            + (now + 1)
            + "\n";
    assertThat(post(push, body)).isEqualTo(204);

    await().atMost(PATIENCE).until(() -> agent.spooledBatches() == 0);
    await().atMost(PATIENCE).until(() -> backend.query("fresh").size() == 4);
    assertThat(agent.rejectedBatches()).isEqualTo(1);
    Path rejected = agent.spoolDir().resolve("rejected");
    List<String> texts;
    try (Stream<Path> files = Files.list(rejected)) {
      texts = files.map(PartialRefusalIT::read).toList();
    }
    assertThat(texts).anySatisfy(text -> assertThat(text).contains("out of bounds"));
    assertThat(texts).anySatisfy(text -> assertThat(text).contains("stale"));
    assertThat(texts).noneSatisfy(text -> assertThat(text).contains("fresh"));
    assertThat(backend.rawSamples("stale", Duration.ofHours(4))).isEmpty();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int post(URI uri, String body) throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
