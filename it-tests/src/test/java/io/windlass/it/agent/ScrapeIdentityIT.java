package io.windlass.it.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.windlass.it.backend.BackendProcess;
import io.windlass.it.backend.NodeExporterProcess;
import io.windlass.it.backend.PrometheusServer;
import io.windlass.it.backend.VectorSample;
import io.windlass.it.backend.VictoriaMetricsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scraped series keep their identity from a real target to a real backend, and the agent's own
 * endpoints mix nothing into a scraper's series: real node_exporters scraped by two {@code
 * prometheus} inputs of the agent's jar, forwarding to a real VictoriaMetrics; a real Prometheus
 * scraping the agent's {@code /metrics} and {@code /federate}; {@code promtool} checking {@code
 * /metrics}.
 */
class ScrapeIdentityIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String TAG = "scrape-it";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension final AgentExtension agents = new AgentExtension();

  private final List<BackendProcess> processes = new ArrayList<>();

  @AfterEach
  void stopProcesses() {
    processes.forEach(BackendProcess::close);
  }

  private <T extends BackendProcess> T started(T process) {
    processes.add(process);
    process.start();
    return process;
  }

  /** A loopback port nothing listens on: a target that is down. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String prometheusInput(String id, String extra, String url) {
    return "  - {type: prometheus, id: "
        + id
        + ", url: \""
        + url
        + "\", interval: 1s, timeout: 900ms"
        + extra
        + "}\n";
  }

  private static String config(String inputs, URI sink) {
    return "agent:\n  tag: "
        + TAG
        + "\ninputs:\n"
        + inputs
        + (sink == null
            ? ""
            : "sink:\n  url: "
                + sink
                + "\n  interval: 200ms\n  jitter: 0s\n  timeout: 5s\n  retry-min: 100ms\n"
                + "  retry-max: 500ms\n");
  }

  /** The job and instance of each sample. */
  private static Set<Map<String, String>> targets(List<VectorSample> samples) {
    return samples.stream()
        .map(s -> Map.of("job", s.labels().get("job"), "instance", s.labels().get("instance")))
        .collect(Collectors.toSet());
  }

  /** The one sample of {@code promql}'s answer, once there is exactly one. */
  private static VectorSample one(VictoriaMetricsServer vm, String promql) {
    return await()
        .atMost(PATIENCE)
        .until(() -> vm.query(promql), samples -> samples.size() == 1)
        .get(0);
  }

  @Test
  void twoTargetsArriveAsTwoSeriesWithTheirJobInstanceAndScrapeMetricsAndAStoppedOneIsDown()
      throws Exception {
    NodeExporterProcess nodeA = started(new NodeExporterProcess());
    NodeExporterProcess nodeB = started(new NodeExporterProcess());
    VictoriaMetricsServer vm = started(new VictoriaMetricsServer());
    agents
        .track(new WindlassAgentProcess())
        .config(
            config(
                prometheusInput("node-a", "", nodeA.metricsUrl())
                    + prometheusInput("node-b", ", job: node-exporter-b", nodeB.metricsUrl()),
                vm.remoteWriteUri()))
        .start();
    Set<Map<String, String>> both =
        Set.of(
            Map.of("job", "node-a", "instance", nodeA.instance()),
            Map.of("job", "node-exporter-b", "instance", nodeB.instance()));

    List<VectorSample> goroutines =
        await()
            .atMost(PATIENCE)
            .until(() -> vm.query("go_goroutines{agent=\"" + TAG + "\"}"), s -> s.size() == 2);
    assertThat(targets(goroutines)).isEqualTo(both);
    assertThat(goroutines)
        .extracting(s -> s.labels().get("source"))
        .containsExactlyInAnyOrder("input:prometheus/node-a", "input:prometheus/node-b");

    for (String name : List.of("up", "scrape_duration_seconds", "scrape_samples_scraped")) {
      List<VectorSample> perTarget =
          await()
              .atMost(PATIENCE)
              .until(() -> vm.query(name + "{agent=\"" + TAG + "\"}"), s -> s.size() == 2);
      assertThat(targets(perTarget)).as(name).isEqualTo(both);
    }
    // A scrape slowed past its timeout by a busy machine is down for that run: wait for the
    // latest ones to have succeeded.
    await()
        .atMost(PATIENCE)
        .until(
            () -> vm.query("up{agent=\"" + TAG + "\"}"),
            s -> s.size() == 2 && s.stream().allMatch(up -> up.value() == 1));
    await()
        .atMost(PATIENCE)
        .until(
            () -> vm.query("scrape_samples_scraped{agent=\"" + TAG + "\"}"),
            s -> s.size() == 2 && s.stream().allMatch(count -> count.value() > 10));

    nodeB.stop();
    long stopped = System.currentTimeMillis();

    await()
        .atMost(PATIENCE)
        .until(
            () -> vm.query("up{job=\"node-exporter-b\"}"),
            s -> s.size() == 1 && s.get(0).value() == 0);
    assertThat(one(vm, "scrape_samples_scraped{job=\"node-exporter-b\"}").value()).isZero();
    await("node-a's up, a series of its own, is 1 after node-b stopped")
        .atMost(PATIENCE)
        .until(
            () -> vm.rawSamples("up{job=\"node-a\"}", Duration.ofMinutes(1)),
            series ->
                series.size() == 1
                    && series.get(0).points().stream()
                        .anyMatch(p -> p.timestampMillis() > stopped && p.value() == 1));
  }

  @Test
  void aPrometheusScrapingTheAgentKeepsItsOwnUpAtOneWhileATargetOfTheAgentIsDown()
      throws Exception {
    NodeExporterProcess node = started(new NodeExporterProcess());
    int gone = closedPort();
    WindlassAgentProcess agent =
        agents
            .track(new WindlassAgentProcess())
            .config(
                config(
                    prometheusInput("node", "", node.metricsUrl())
                        + prometheusInput("gone", "", "http://127.0.0.1:" + gone + "/metrics"),
                    null))
            .start();
    String target = "127.0.0.1:" + agent.port();
    PrometheusServer prometheus =
        started(
            new PrometheusServer()
                .scrapeConfigs(
                    "- job_name: windlass\n"
                        + "  static_configs: [{targets: [\""
                        + target
                        + "\"]}]\n"
                        + "- job_name: windlass-federate\n"
                        + "  metrics_path: /federate\n"
                        + "  honor_labels: true\n"
                        + "  static_configs: [{targets: [\""
                        + target
                        + "\"]}]\n",
                    Duration.ofSeconds(2)));

    // The agent's targets, federated under their own job and instance.
    await()
        .atMost(PATIENCE)
        .until(
            () -> prometheus.query("up{job=\"gone\",instance=\"127.0.0.1:" + gone + "\"}"),
            s -> s.size() == 1 && s.get(0).value() == 0);
    await()
        .atMost(PATIENCE)
        .until(
            () -> prometheus.query("up{job=\"node\",instance=\"" + node.instance() + "\"}"),
            s -> s.size() == 1 && s.get(0).value() == 1);

    // Eight scrapes of each job with a target of the agent down all the while.
    for (String job : List.of("windlass", "windlass-federate")) {
      await()
          .atMost(PATIENCE)
          .until(
              () -> prometheus.query("count_over_time(up{job=\"" + job + "\"}[1m])"),
              s -> s.size() == 1 && s.get(0).value() >= 8);
      List<VectorSample> up = prometheus.query("up{job=\"" + job + "\"}");
      assertThat(up).as("Prometheus' own up of " + job).hasSize(1);
      assertThat(up.get(0).labels()).containsEntry("instance", target);
      assertThat(prometheus.query("min_over_time(up{job=\"" + job + "\"}[1m])"))
          .as("up of " + job + " over the last minute")
          .singleElement()
          .satisfies(s -> assertThat(s.value()).isOne());
      assertThat(prometheus.query("scrape_samples_scraped{job=\"" + job + "\"}"))
          .as("one scrape_samples_scraped of " + job + ": Prometheus' own")
          .hasSize(1);
    }
    assertThat(prometheus.query("{job=\"windlass\",__name__!~\"windlass_.*|up|scrape_.*\"}"))
        .as("/metrics serves only the agent's own metrics")
        .isEmpty();
    String own = get(prometheus.uri("/metrics"));
    assertThat(own)
        .as("no scrape of the agent had a series twice")
        .contains("prometheus_target_scrapes_sample_duplicate_timestamp_total 0\n");
  }

  @Test
  void theAgentsMetricsPassPromtoolCheckMetrics() throws Exception {
    assumeThat(onPath("promtool")).as("promtool (Debian's prometheus package)").isTrue();
    int gone = closedPort();
    WindlassAgentProcess agent =
        agents
            .track(new WindlassAgentProcess())
            .config(
                config(
                    "  - {type: cpu, interval: 1s}\n"
                        + prometheusInput("gone", "", "http://127.0.0.1:" + gone + "/metrics"),
                    null))
            .start();
    assertThat(Push.post(agent.importPrometheusUri(), "pushed{job=\"batch\"} 1\n").status())
        .isEqualTo(204);
    await()
        .atMost(PATIENCE)
        .until(() -> get(agent.uri("/federate")), text -> text.contains("job=\"gone\""));

    String metrics = get(agent.uri("/metrics"));
    assertThat(metrics).contains("windlass_collector_runs_total{input=\"gone\"");
    Path file = Files.createTempFile(agent.workDir(), "metrics", ".txt");
    Files.writeString(file, metrics, StandardCharsets.UTF_8);
    Process promtool =
        new ProcessBuilder("promtool", "check", "metrics")
            .redirectInput(file.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(output).as("promtool's findings").isEmpty();
    assertThat(promtool.exitValue()).isZero();
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null
        && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }

  private static String get(URI uri) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET " + uri).isEqualTo(200);
    return response.body();
  }
}
