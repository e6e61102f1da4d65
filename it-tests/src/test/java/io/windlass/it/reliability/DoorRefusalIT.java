package io.windlass.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.windlass.it.agent.AgentExtension;
import io.windlass.it.agent.WindlassAgentProcess;
import io.windlass.it.backend.BackendExtension;
import io.windlass.it.backend.PrometheusServer;
import io.windlass.it.backend.SeriesData;
import io.windlass.it.backend.VictoriaMetricsServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the agent refuses at its door, and what it takes and forwards, against real Prometheus and
 * VictoriaMetrics: a sample stamped in the year 5000 is answered 400 (it used to be acknowledged,
 * and then moved Prometheus' head so that it refused every later sample), and NaN, +Inf and -Inf
 * pushed over Prometheus text and Influx are stored and forwarded (they used to be answered 204 and
 * dropped). What each backend stores of them is recorded in docs/BACKENDS.md.
 */
class DoorRefusalIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @RegisterExtension
  final BackendExtension<PrometheusServer> prometheus =
      new BackendExtension<>(PrometheusServer::new);

  @RegisterExtension
  final BackendExtension<VictoriaMetricsServer> victoria =
      new BackendExtension<>(VictoriaMetricsServer::new);

  @RegisterExtension final AgentExtension agents = new AgentExtension();

  private WindlassAgentProcess agent;

  private WindlassAgentProcess startAgent(URI sink) {
    return agents
        .track(new WindlassAgentProcess())
        .config(
            "agent:\n  tag: door\ninputs: []\nsink:\n  url: "
                + sink
                + "\n  interval: 200ms\n  jitter: 0s\n  timeout: 5s\n  retry-min: 100ms\n"
                + "  retry-max: 500ms\n")
        .start();
  }

  private record Answer(int status, String body) {}

  private static Answer post(URI uri, String body) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }

  /**
   * Covers a bug where a sample stamped in the year 5000 was acknowledged, moved Prometheus' head
   * to the year 5000, and every later batch went to {@code rejected/}.
   */
  @Test
  void aSampleInTheYear5000IsRefusedAndLaterPushesKeepArrivingInPrometheus() throws Exception {
    PrometheusServer backend = prometheus.get();
    agent = startAgent(backend.remoteWriteUri());
    long now = Instant.now().toEpochMilli();
    long year5000 = Instant.parse("5000-01-01T00:00:00Z").toEpochMilli();

    Answer first = post(agent.importPrometheusUri(), "door_ok{n=\"1\"} 1 " + now + "\n");
    Answer future =
        post(
            agent.importPrometheusUri(),
            "door_ok{n=\"2\"} 2 " + now + "\ndoor_future 1 " + year5000 + "\n");
    Answer futureInflux =
        post(
            URI.create(agent.influxWriteUri() + "?precision=s"),
            "door_influx v=1 " + year5000 / 1000 + "\n");

    assertThat(first.status()).isEqualTo(204);
    assertThat(future.status()).isEqualTo(400);
    assertThat(future.body())
        .startsWith("line 2: timestamp 5000-01-01T00:00:00Z is more than 10m ahead of the agent's")
        .contains("\"door_future 1 " + year5000 + "\"");
    assertThat(futureInflux.status()).isEqualTo(400);
    assertThat(futureInflux.body()).startsWith("line 1: timestamp 5000-01-01T00:00:00Z");

    for (int i = 3; i <= 10; i++) {
      Answer later =
          post(
              agent.importPrometheusUri(),
              "door_ok{n=\"" + i + "\"} " + i + " " + Instant.now().toEpochMilli() + "\n");
      assertThat(later.status()).isEqualTo(204);
    }
    await().atMost(PATIENCE).until(() -> backend.query("door_ok").size() == 9);
    await().atMost(PATIENCE).until(() -> agent.spooledBatches() == 0);
    assertThat(agent.rejectedBatches()).isZero();
    assertThat(backend.query("door_ok")).extracting(s -> s.labels().get("n")).doesNotContain("2");
    assertThat(backend.series("door_future")).isEmpty();
  }

  @Test
  void nanAndInfinitiesArriveInPrometheusAsPushed() throws Exception {
    PrometheusServer backend = prometheus.get();
    agent = startAgent(backend.remoteWriteUri());

    pushNonFinite();

    await().atMost(PATIENCE).until(() -> agent.spooledBatches() == 0);
    assertThat(agent.rejectedBatches()).isZero();
    Map<String, List<Double>> stored = new TreeMap<>();
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              stored.clear();
              for (SeriesData series :
                  backend.rawSamples("{__name__=~\"nf_.*\"}", Duration.ofMinutes(10))) {
                stored.put(key(series), series.values());
              }
              assertThat(stored).hasSize(6);
            });
    System.out.println("Prometheus stores: " + stored);
    assertThat(stored.get("nf_prom{v=nan}")).singleElement().satisfies(v -> assertThat(v).isNaN());
    assertThat(stored.get("nf_prom{v=pinf}")).containsExactly(Double.POSITIVE_INFINITY);
    assertThat(stored.get("nf_prom{v=ninf}")).containsExactly(Double.NEGATIVE_INFINITY);
    assertThat(stored.get("nf_influx_nan{}")).singleElement().satisfies(v -> assertThat(v).isNaN());
    assertThat(stored.get("nf_influx_pinf{}")).containsExactly(Double.POSITIVE_INFINITY);
    assertThat(stored.get("nf_influx_ninf{}")).containsExactly(Double.NEGATIVE_INFINITY);
  }

  @Test
  void infinitiesArriveInVictoriaMetricsWhichDropsNan() throws Exception {
    VictoriaMetricsServer backend = victoria.get();
    agent = startAgent(backend.remoteWriteUri());

    pushNonFinite();

    await().atMost(PATIENCE).until(() -> agent.spooledBatches() == 0);
    assertThat(agent.rejectedBatches()).isZero();
    Map<String, List<Double>> stored = new TreeMap<>();
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              stored.clear();
              for (SeriesData series : backend.exportMerged("{__name__=~\"nf_.*\"}")) {
                stored.put(key(series), series.values());
              }
              assertThat(stored).containsKeys("nf_prom{v=pinf}", "nf_influx_ninf{}");
            });
    System.out.println("VictoriaMetrics stores: " + stored);
    assertThat(stored.get("nf_prom{v=pinf}")).containsExactly(Double.POSITIVE_INFINITY);
    assertThat(stored.get("nf_prom{v=ninf}")).containsExactly(Double.NEGATIVE_INFINITY);
    assertThat(stored.get("nf_influx_pinf{}")).containsExactly(Double.POSITIVE_INFINITY);
    assertThat(stored.get("nf_influx_ninf{}")).containsExactly(Double.NEGATIVE_INFINITY);
    // VictoriaMetrics drops a NaN that is not Prometheus' staleness marker, silently.
    assertThat(stored).doesNotContainKeys("nf_prom{v=nan}", "nf_influx_nan{}");
  }

  private void pushNonFinite() throws IOException, InterruptedException {
    long now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toEpochMilli();
    Answer prom =
        post(
            agent.importPrometheusUri(),
            "nf_prom{v=\"nan\"} NaN "
                + now
                + "\nnf_prom{v=\"pinf\"} +Inf "
                + now
                + "\nnf_prom{v=\"ninf\"} -Inf "
                + now
                + "\n");
    Answer influx =
        post(
            URI.create(agent.influxWriteUri() + "?precision=ms"),
            "nf_influx nan=NaN,pinf=+Inf,ninf=-Inf " + now + "\n");
    assertThat(prom.status()).as(prom.body()).isEqualTo(204);
    assertThat(influx.status()).as(influx.body()).isEqualTo(204);
  }

  /** {@code name{v=...}}: the name and the one pushed label, without the agent's own. */
  private static String key(SeriesData series) {
    String v = series.labels().get("v");
    return series.metricName() + "{" + (v == null ? "" : "v=" + v) + "}";
  }
}
