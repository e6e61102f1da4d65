package io.windlass.it.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.windlass.it.backend.BackendExtension;
import io.windlass.it.backend.PushgatewayProcess;
import io.windlass.it.backend.SeriesData;
import io.windlass.it.backend.VictoriaMetricsServer;
import io.windlass.spool.ingest.format.Sample;
import io.windlass.spool.ingest.format.WireFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real client libraries push to the agent's jar as they would to the server they were written for,
 * and what they push arrives in a real VictoriaMetrics behind it:
 * {@code @influxdata/influxdb-client} (InfluxDB 2: {@code /api/v2/write}, {@code /ping}, {@code
 * /health}), {@code influx} (node-influx, InfluxDB 1.x: {@code /ping}, {@code /write}) and
 * prom-client's {@code Pushgateway} ({@code POST}, {@code PUT}, {@code DELETE /metrics/job/...}),
 * the last also against a real Pushgateway, whose answers and kept series the agent's must match.
 * The clients run as Node.js scripts ({@link NodeScript}).
 */
class PushClientsIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String TAG = "clients-it";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Labels of every sample that say where it came from, not what it is. */
  private static final Set<String> AGENT_LABELS = Set.of("agent", "source");

  /** The Pushgateway's series about its groups, which the agent does not make. */
  private static final Set<String> PUSHGATEWAY_OWN =
      Set.of("push_time_seconds", "push_failure_time_seconds");

  @RegisterExtension
  final BackendExtension<VictoriaMetricsServer> victoria =
      new BackendExtension<>(VictoriaMetricsServer::new);

  @RegisterExtension final AgentExtension agents = new AgentExtension();

  private PushgatewayProcess pushgateway;

  @AfterEach
  void stopPushgateway() {
    if (pushgateway != null) {
      pushgateway.close();
    }
  }

  private WindlassAgentProcess agent() {
    return agents
        .track(new WindlassAgentProcess())
        .config(
            "agent:\n  tag: "
                + TAG
                + "\ninputs: []\nsink:\n  url: "
                + victoria.get().remoteWriteUri()
                + "\n  interval: 200ms\n  jitter: 0s\n  timeout: 5s\n  retry-min: 100ms\n"
                + "  retry-max: 500ms\n")
        .start();
  }

  /** A time a little in the past, whole milliseconds, for the points written. */
  private static long pointTime() {
    return Instant.now().minusSeconds(30).toEpochMilli();
  }

  /** The series of {@code match} in VictoriaMetrics, once there are {@code count}. */
  private List<SeriesData> arrived(String match, int count) {
    return await()
        .atMost(PATIENCE)
        .until(() -> victoria.get().exportMerged(match), series -> series.size() >= count);
  }

  /** Name and labels, without empty labels (none in Prometheus) and the agent's own. */
  private static Map<String, String> identity(String name, Map<String, String> labels) {
    Map<String, String> identity = new TreeMap<>();
    labels.forEach(
        (label, value) -> {
          if (!value.isEmpty() && !AGENT_LABELS.contains(label)) {
            identity.put(label, value);
          }
        });
    identity.put("__name__", name);
    return identity;
  }

  @Test
  void theInfluxDb2ClientWritesPingsAndChecksHealthAndItsPointsArrive() throws Exception {
    WindlassAgentProcess agent = agent();
    long time = pointTime();

    JsonNode answer =
        JSON.readTree(
            NodeScript.run(
                "influx2.js",
                agent.baseUri().toString(),
                "-",
                "acme",
                "telemetry",
                Long.toString(time)));

    assertThat(answer.get("ping").get("status").asInt()).isEqualTo(204);
    assertThat(answer.get("ping").get("build").asText()).isEqualTo("windlass");
    assertThat(answer.get("ping").get("version").asText()).isNotEmpty();
    assertThat(answer.get("health").get("name").asText()).isEqualTo("windlass");
    assertThat(answer.get("health").get("status").asText()).isEqualTo("pass");

    List<SeriesData> series = arrived("{__name__=~\"client_v2_.*\",agent=\"" + TAG + "\"}", 4);
    Map<Map<String, String>, List<Double>> values =
        series.stream()
            .collect(
                Collectors.toMap(s -> identity(s.metricName(), s.labels()), SeriesData::values));
    assertThat(values)
        .containsOnly(
            Map.entry(v2("client_v2_load", "node-a"), List.of(0.5)),
            Map.entry(v2("client_v2_load", "node-b"), List.of(1.5)),
            Map.entry(v2("client_v2_count", "node-a"), List.of(7.0)),
            Map.entry(v2("client_v2_count", "node-b"), List.of(8.0)));
    assertThat(series).allSatisfy(s -> assertThat(s.timestamps()).containsExactly(time));
    assertThat(series)
        .allSatisfy(s -> assertThat(s.labels()).containsEntry("source", "push:influx"));
  }

  private static Map<String, String> v2(String name, String host) {
    return Map.of("__name__", name, "host", host, "client", "influxdb-client-js");
  }

  @Test
  void nodeInfluxPingsAndWritesAndItsPointsArrive() throws Exception {
    WindlassAgentProcess agent = agent();
    long time = pointTime();

    JsonNode answer =
        JSON.readTree(
            NodeScript.run("influx1.js", agent.baseUri().toString(), "-", Long.toString(time)));

    assertThat(answer.get("ping")).hasSize(1);
    assertThat(answer.get("ping").get(0).get("online").asBoolean()).isTrue();
    assertThat(answer.get("ping").get(0).get("version").asText()).isNotEmpty();
    List<SeriesData> series = arrived("{__name__=~\"client_v1_.*\",agent=\"" + TAG + "\"}", 4);
    assertThat(series)
        .extracting(s -> identity(s.metricName(), s.labels()))
        .containsExactlyInAnyOrder(
            Map.of("__name__", "client_v1_load", "host", "node-c"),
            Map.of("__name__", "client_v1_load", "host", "node-d"),
            Map.of("__name__", "client_v1_count", "host", "node-c"),
            Map.of("__name__", "client_v1_count", "host", "node-d"));
    assertThat(series).allSatisfy(s -> assertThat(s.timestamps()).containsExactly(time));
  }

  /**
   * The same pushes of prom-client's Pushgateway client, to a real Pushgateway and to the agent:
   * the same answers, and every series the Pushgateway keeps (and would be scraped with, {@code
   * honor_labels: true}) arrives through the agent with the same name and labels, and its value.
   * The group the client deleted is gone from the Pushgateway; through the agent its samples were
   * forwarded as they were pushed, and stay.
   */
  @Test
  void pushgatewayClientPushesArriveAsTheSeriesARealPushgatewayKeeps() throws Exception {
    WindlassAgentProcess agent = agent();
    pushgateway = new PushgatewayProcess().start();

    String toPushgateway = NodeScript.run("pushgateway.js", pushgateway.url());
    String toAgent = NodeScript.run("pushgateway.js", agent.baseUri().toString());

    assertThat(JSON.readTree(toAgent)).isEqualTo(JSON.readTree(toPushgateway));
    assertThat(JSON.readTree(toAgent).get("push").asInt()).isEqualTo(200);
    assertThat(JSON.readTree(toAgent).get("delete").asInt()).isEqualTo(202);

    Map<Map<String, String>, Double> kept = new HashMap<>();
    for (Sample sample :
        WireFormat.PROMETHEUS_TEXT.parse(Push.get(pushgateway.uri("/metrics")).body()).metrics()) {
      String job = sample.tags().getOrDefault("job", "");
      if ((job.equals("batch") || job.equals("batch2"))
          && !PUSHGATEWAY_OWN.contains(sample.name())) {
        kept.put(identity(sample.name(), sample.tags()), sample.value());
      }
    }
    assertThat(kept).as("what the Pushgateway keeps").hasSizeGreaterThan(20);
    // The deleted group was pushed as the group without an instance was: the same series.
    long deleted = kept.keySet().stream().filter(k -> k.get("job").equals("batch2")).count();

    List<SeriesData> arrived =
        await()
            .atMost(PATIENCE)
            .until(
                () -> victoria.get().exportMerged("{source=\"push:pushgateway\"}"),
                series -> series.size() >= kept.size() + deleted);
    Map<Map<String, String>, List<Double>> byIdentity =
        arrived.stream()
            .collect(
                Collectors.toMap(s -> identity(s.metricName(), s.labels()), SeriesData::values));
    Map<Map<String, String>, List<Double>> notDeleted =
        byIdentity.entrySet().stream()
            .filter(e -> !e.getKey().get("job").equals("doomed"))
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertThat(notDeleted.keySet()).isEqualTo(kept.keySet());
    kept.forEach(
        (identity, value) ->
            assertThat(notDeleted.get(identity)).as(identity.toString()).contains(value));
    assertThat(byIdentity.keySet().stream().filter(k -> k.get("job").equals("doomed")))
        .as("the deleted group's samples were forwarded and stay")
        .hasSize((int) deleted);
    assertThat(arrived).allSatisfy(s -> assertThat(s.labels()).containsEntry("agent", TAG));
  }
}
