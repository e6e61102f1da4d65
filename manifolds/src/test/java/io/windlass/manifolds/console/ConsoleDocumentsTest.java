package io.windlass.manifolds.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.windlass.collector.PipelineStats;
import io.windlass.engine.EngineReport;
import io.windlass.engine.ManifoldReport;
import io.windlass.manifolds.health.Health;
import io.windlass.manifolds.spool.LatestSamples;
import io.windlass.manifolds.stats.AgentState;
import io.windlass.manifolds.stats.AgentStats;
import io.windlass.manifolds.stats.InputState;
import io.windlass.manifolds.stats.SenderState;
import io.windlass.manifolds.stats.SpoolState;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.MetricRecorder;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.SpoolStats;
import io.windlass.spool.sender.SenderStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON documents under {@code /api/console/v1/}, read back as a client reads them. */
class ConsoleDocumentsTest {
  private static final Instant STARTED = Instant.parse("2026-01-01T12:00:00Z");
  private static final Instant NOW = STARTED.plus(Duration.ofHours(2).plusMinutes(3));
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final AtomicReference<EngineReport> report = new AtomicReference<>();
  private final LatestSamples latest =
      new LatestSamples(1000, Duration.ofDays(1), Clock.fixed(NOW, ZoneOffset.UTC));
  private final AgentStats stats = new AgentStats();
  private final Console console =
      new Console(report::get, latest, stats, "1.2.3", Clock.fixed(NOW, ZoneOffset.UTC), STARTED);

  /**
   * A manifold whose worker reports a map the console must not read: every document comes from the
   * engine's typed fields and the workers' typed stats, so a renamed report key changes nothing.
   */
  private static ManifoldReport manifold(
      String state, List<String> inputs, int starts, @Nullable String error) {
    return new ManifoldReport(
        state,
        inputs,
        starts,
        starts == 0 ? null : STARTED.plusSeconds(1),
        error,
        Map.of("tag", "from-the-report", "last-error", "from the report", "bytes", 999L));
  }

  private JsonNode document(String name) throws IOException {
    ConsoleResponse response = console.document(name);
    assertThat(response.status()).as(name).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("application/json");
    assertThat(response.headers()).containsEntry("Cache-Control", "no-store");
    return JSON.readTree(response.body());
  }

  private void publishAgent(List<String> rejected) {
    stats
        .agent()
        .publish(
            () ->
                new AgentState(
                    "/etc/windlass/windlass.yaml",
                    Optional.of("edge-01"),
                    Optional.of(Path.of("/var/lib/windlass")),
                    42,
                    rejected));
  }

  @Test
  void theOverviewSaysWhoTheAgentIsAndWhatIsDown() throws IOException {
    publishAgent(List.of("1) spool.max-bytes: \"lots\" is not a size"));
    report.set(
        new EngineReport(
            "started",
            null,
            Map.of(
                "agent",
                manifold("started", List.of(), 1, null),
                "sender",
                manifold("stopped", List.of("agent", "spool"), 3, "cannot connect"),
                "spool",
                manifold("stopped", List.of("agent"), 1, "disk gone"),
                "disabled",
                manifold("stopped", List.of("agent"), 1, null))));

    JsonNode overview = document("overview");

    assertThat(overview.get("agent").asText()).isEqualTo("edge-01");
    assertThat(overview.get("version").asText()).isEqualTo("1.2.3");
    assertThat(overview.get("healthy").asBoolean()).isFalse();
    assertThat(overview.get("down").toString())
        .isEqualTo("[\"sender: stopped: cannot connect\",\"spool: stopped: disk gone\"]");
    assertThat(overview.get("uptimeSeconds").asLong()).isEqualTo(2 * 3600 + 180);
    assertThat(overview.get("startedAt").asText()).isEqualTo("2026-01-01T12:00:00Z");
    assertThat(overview.get("dataDirectory").asText()).isEqualTo("/var/lib/windlass");
    assertThat(overview.get("configFile").asText()).isEqualTo("/etc/windlass/windlass.yaml");
    assertThat(overview.get("configLoadedAt").asText()).isEqualTo("2026-01-01T12:00:01Z");
    assertThat(overview.get("configChecks").asLong()).isEqualTo(42);
    assertThat(overview.get("configRejected").toString())
        .isEqualTo("[\"1) spool.max-bytes: \\\"lots\\\" is not a size\"]");
    assertThat(overview.get("manifolds").asInt()).isEqualTo(4);
    assertThat(overview.get("running").asInt()).isEqualTo(1);
    assertThat(overview.get("spoolBatches").asLong()).as("not open").isEqualTo(-1);
    assertThat(overview.get("sink").isNull()).isTrue();
  }

  @Test
  void theOverviewTellsOfTheSpoolAndTheSender() throws IOException {
    publishSpool("/x", 4096, 12);
    publishSender("http://db:8428/api/v1/write", Optional.of("HTTP 503"), 0);
    report.set(
        new EngineReport(
            "started",
            null,
            Map.of(
                "spool",
                manifold("started", List.of(), 1, null),
                "sender",
                manifold("started", List.of("spool"), 1, null))));

    JsonNode overview = document("overview");

    assertThat(overview.get("spoolBatches").asLong()).isEqualTo(12);
    assertThat(overview.get("spoolBytes").asLong()).isEqualTo(4096);
    assertThat(overview.get("sink").asText()).isEqualTo("http://db:8428/api/v1/write");
    assertThat(overview.get("senderLastError").asText()).isEqualTo("HTTP 503");
  }

  /**
   * Covers a bug where the overview decided what is down by a rule of its own, beside the one
   * {@code /healthz} answers by: the two could disagree.
   */
  @Test
  void theOverviewAndTheManifoldsPageCallDownWhatHealthzCallsDown() throws IOException {
    EngineReport shown =
        new EngineReport(
            "started",
            null,
            Map.of(
                "agent", manifold("started", List.of(), 1, null),
                "completed", manifold("stopped", List.of("agent"), 1, null),
                "failed", manifold("starting", List.of("agent"), 2, "ticker failed at tick 3"),
                "stopped", manifold("stopped", List.of("agent"), 1, "disk gone"),
                "stopping", manifold("stopping", List.of("agent"), 1, null)));
    report.set(shown);
    Health healthz = Health.of(shown);

    JsonNode overview = document("overview");
    JsonNode manifolds = document("manifolds");

    assertThat(healthz.names()).containsExactlyInAnyOrder("failed", "stopped", "stopping");
    assertThat(overview.get("healthy").asBoolean()).isEqualTo(healthz.healthy()).isFalse();
    List<String> down = new ArrayList<>();
    overview.get("down").forEach(line -> down.add(line.asText()));
    assertThat(down).isEqualTo(healthz.down());
    Map<String, String> health = new LinkedHashMap<>();
    manifolds
        .get("manifolds")
        .forEach(n -> health.put(n.get("name").asText(), n.get("health").asText()));
    assertThat(health)
        .containsEntry("agent", "running")
        .containsEntry("completed", "completed")
        .containsEntry("failed", "failed")
        .containsEntry("stopped", "failed")
        .containsEntry("stopping", "changing");
    assertThat(
            health.entrySet().stream()
                .filter(e -> e.getValue().equals("failed") || e.getValue().equals("changing"))
                .map(Map.Entry::getKey))
        .containsExactlyInAnyOrderElementsOf(healthz.names());
  }

  @Test
  void theOverviewOfAHealthyAgentHasNothingDown() throws IOException {
    publishAgent(List.of());
    report.set(
        new EngineReport(
            "started", null, Map.of("agent", manifold("started", List.of(), 1, null))));

    JsonNode overview = document("overview");

    assertThat(overview.get("healthy").asBoolean()).isTrue();
    assertThat(overview.get("down")).isEmpty();
    assertThat(overview.get("configRejected")).isEmpty();
  }

  @Test
  void manifoldsAreLaidOutInLayersAfterTheirDeepestInput() throws IOException {
    report.set(
        new EngineReport(
            "started",
            null,
            Map.of(
                "agent", manifold("started", List.of(), 1, null),
                "spool", manifold("started", List.of("agent"), 1, null),
                "collector", manifold("started", List.of("agent", "spool"), 2, null),
                "sender", manifold("stopped", List.of("spool", "gone"), 4, "HTTP 503"),
                "ticker", manifold("starting", List.of(), 0, null),
                "heartbeat", manifold("starting", List.of(), 2, "ticker failed at tick 3"))));

    JsonNode manifolds = document("manifolds");

    assertThat(manifolds.get("engineState").asText()).isEqualTo("started");
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    manifolds.get("manifolds").forEach(m -> byName.put(m.get("name").asText(), m));
    assertThat(byName)
        .containsOnlyKeys("agent", "collector", "heartbeat", "sender", "spool", "ticker");
    assertThat(byName.get("agent").get("layer").asInt()).isZero();
    assertThat(byName.get("spool").get("layer").asInt()).isEqualTo(1);
    assertThat(byName.get("collector").get("layer").asInt()).isEqualTo(2);
    assertThat(byName.get("sender").get("layer").asInt())
        .as("an input that is not installed counts for nothing")
        .isEqualTo(2);
    JsonNode sender = byName.get("sender");
    assertThat(sender.get("health").asText()).isEqualTo("failed");
    assertThat(sender.get("error").asText()).isEqualTo("HTTP 503");
    assertThat(sender.get("startCount").asInt()).isEqualTo(4);
    assertThat(sender.get("restarts").asInt()).isEqualTo(3);
    assertThat(sender.get("inputs").toString()).isEqualTo("[\"spool\",\"gone\"]");
    assertThat(byName.get("ticker").get("health").asText()).isEqualTo("changing");
    JsonNode restarting = byName.get("heartbeat");
    assertThat(restarting.get("state").asText()).isEqualTo("starting");
    assertThat(restarting.get("health").asText())
        .as("waiting out its restart delay after a failure")
        .isEqualTo("failed");
    assertThat(restarting.get("error").asText()).isEqualTo("ticker failed at tick 3");
    assertThat(restarting.get("restarts").asInt()).isEqualTo(1);
    assertThat(byName.get("ticker").get("started").isNull()).isTrue();
    assertThat(byName.get("collector").get("started").asText()).isEqualTo("2026-01-01T12:00:01Z");
  }

  @Test
  void aRunningWorkersOwnLastErrorIsShownWithItsManifold() throws IOException {
    publishSender(
        "http://127.0.0.1:8428/api/v1/write", Optional.of("cannot connect: Connection refused"), 0);
    report.set(
        new EngineReport(
            "started",
            null,
            Map.of(
                "sender",
                manifold("started", List.of(), 1, null),
                "spool",
                manifold("started", List.of(), 1, null))));

    JsonNode manifolds = document("manifolds").get("manifolds");

    assertThat(manifolds.get(0).get("name").asText()).isEqualTo("sender");
    assertThat(manifolds.get(0).get("health").asText()).isEqualTo("running");
    assertThat(manifolds.get(0).get("workerError").asText())
        .isEqualTo("cannot connect: Connection refused");
    assertThat(manifolds.get(1).get("workerError").isNull())
        .as("the spool's report has a last-error key, which is not read")
        .isTrue();
  }

  private void publishSpool(String directory, long bytes, long batches) {
    SpoolStats spool =
        new SpoolStats(
            bytes,
            batches,
            Duration.ofSeconds(90),
            10,
            100,
            7,
            Map.of("max-age", 2L, "quarantined", 1L),
            Map.of("max-bytes", 3L),
            4,
            0,
            0,
            0,
            Map.of("corrupt", 1L),
            Map.of("symlink", 0L));
    stats.spool().publish(() -> new SpoolState(Path.of(directory), spool, 1 << 20));
  }

  private void publishSender(String sink, Optional<String> lastError, long inFlight) {
    SenderStats sender =
        new SenderStats(
            5,
            50,
            1,
            1,
            2,
            9,
            3,
            inFlight,
            lastError,
            lastError.map(e -> Instant.parse("2026-01-01T14:03:10Z")),
            Optional.empty());
    stats.sender().publish(() -> new SenderState(sink, "prometheus-remote-write", sender));
  }

  @Test
  void theSpoolDocumentHasSizeHistoryCountsAndRejectedBatchesWithReasons() throws IOException {
    Path spoolDir = dir.resolve("spool");
    String rejected;
    try (SpoolDirectory spool = SpoolDirectory.open(spoolDir)) {
      MetricRecorder recorder = spool.recorder(DeclaredMetrics.any(), "input:cpu", "edge-01");
      recorder.addMetric("cpu.user", "1", NOW, Map.of());
      recorder.close();
      MetricBatch batch = spool.reader().read().get(0);
      rejected = batch.uuid();
      spool.reader().reject(rejected, "HTTP 400: sample too old");
    }
    publishSpool(spoolDir.toString(), 2048, 3);
    report.set(
        new EngineReport(
            "started", null, Map.of("spool", manifold("started", List.of("agent"), 1, null))));

    JsonNode spool = document("spool");

    assertThat(spool.get("bytes").asLong()).isEqualTo(2048);
    assertThat(spool.get("batches").asLong()).isEqualTo(3);
    assertThat(spool.get("oldestBatchAgeSeconds").asLong()).isEqualTo(90);
    assertThat(spool.get("publishedBatches").asLong()).isEqualTo(10);
    assertThat(spool.get("removedBatches").asLong()).isEqualTo(7);
    assertThat(spool.get("dropped").toString()).isEqualTo("{\"max-age\":2,\"quarantined\":1}");
    assertThat(spool.get("refused").toString()).isEqualTo("{\"max-bytes\":3}");
    assertThat(spool.get("quarantined").toString()).isEqualTo("{\"corrupt\":1}");
    assertThat(spool.get("historyStepSeconds").asLong()).isEqualTo(10);
    assertThat(spool.get("history").toString())
        .as("reading the document samples the spool")
        .isEqualTo(
            "[{\"time\":\"2026-01-01T14:03:00Z\",\"bytes\":2048,\"batches\":3,"
                + "\"oldestBatchAgeSeconds\":90}]");
    JsonNode side = spool.get("side");
    assertThat(side.get("rejectedCount").asLong()).isEqualTo(1);
    assertThat(side.get("quarantinedCount").asLong()).isZero();
    assertThat(side.get("rejected")).hasSize(1);
    assertThat(side.get("rejected").get(0).get("entry").asText()).isEqualTo(rejected);
    assertThat(side.get("rejected").get(0).get("problem").asText()).isEqualTo("rejected");
    assertThat(side.get("rejected").get(0).get("reason").asText())
        .isEqualTo("HTTP 400: sample too old");
    assertThat(side.get("quarantined")).isEmpty();
    assertThat(side.get("error").isNull()).isTrue();
  }

  /**
   * Covers a bug where the spool document read and parsed every reason file of {@code rejected/} on
   * every read: it counts them all and carries the newest {@value SpoolSideEntries#MAX_ENTRIES}.
   */
  @Test
  void theSpoolDocumentCountsEveryRejectedBatchAndCarriesTheNewestTwenty() throws IOException {
    Path rejected = Files.createDirectories(dir.resolve("spool").resolve("rejected"));
    for (int n = 1; n <= 500; n++) {
      String uuid = String.format("00000000-0000-4000-8000-%012d", n);
      Instant at = STARTED.plusSeconds(n);
      Path reason = rejected.resolve(uuid + ".reason");
      Files.writeString(
          reason,
          "{\"uuid\":\"" + uuid + "\",\"rejected\":\"" + at + "\",\"reason\":\"HTTP 400\"}\n");
      Files.setLastModifiedTime(reason, FileTime.from(at));
    }
    publishSpool(dir.resolve("spool").toString(), 0, 0);
    report.set(
        new EngineReport(
            "started", null, Map.of("spool", manifold("started", List.of("agent"), 1, null))));

    JsonNode side = document("spool").get("side");

    assertThat(side.get("rejectedCount").asLong()).isEqualTo(500);
    assertThat(side.get("rejected")).hasSize(20);
    List<String> movedAt = new ArrayList<>();
    side.get("rejected").forEach(e -> movedAt.add(e.get("movedAt").asText()));
    assertThat(movedAt)
        .containsExactlyElementsOf(
            IntStream.iterate(500, n -> n - 1)
                .limit(20)
                .mapToObj(n -> STARTED.plusSeconds(n).toString())
                .toList());
    assertThat(side.get("rejected").get(0).get("entry").asText())
        .isEqualTo("00000000-0000-4000-8000-000000000500");
  }

  @Test
  void theSpoolDocumentOfAnAgentWhoseSpoolIsDownSaysWhy() throws IOException {
    report.set(
        new EngineReport(
            "started",
            null,
            Map.of("spool", manifold("stopped", List.of("agent"), 2, "disk gone"))));

    JsonNode spool = document("spool");

    assertThat(spool.get("state").asText()).isEqualTo("stopped");
    assertThat(spool.get("error").asText()).isEqualTo("disk gone");
    assertThat(spool.get("directory").isNull()).isTrue();
    assertThat(spool.get("history")).as("nothing to sample").isEmpty();
  }

  @Test
  void theSampledHistoryIsWhatTheSpoolPageCharts() {
    publishSpool("/x", 5, 1);
    report.set(
        new EngineReport(
            "started", null, Map.of("spool", manifold("started", List.of(), 1, null))));

    console.sampleSpool();

    assertThat(console.history().points())
        .containsExactly(new SpoolHistory.Point(Instant.parse("2026-01-01T14:03:00Z"), 5, 1, 90));
  }

  @Test
  void theSenderDocumentHasItsSinkCountersRequestsInFlightBacklogAndLastError() throws IOException {
    publishSender(
        "http://127.0.0.1:8428/api/v1/write", Optional.of("cannot connect: Connection refused"), 2);
    publishSpool("/x", 4096, 12);
    report.set(
        new EngineReport(
            "started",
            null,
            Map.of(
                "sender", manifold("started", List.of("spool"), 1, null),
                "spool", manifold("started", List.of(), 1, null))));

    JsonNode doc = document("sender");

    assertThat(doc.toString())
        .isEqualTo(
            "{\"installed\":true,\"state\":\"started\",\"health\":\"running\",\"error\":null,"
                + "\"sinkType\":\"prometheus-remote-write\","
                + "\"sink\":\"http://127.0.0.1:8428/api/v1/write\",\"requests\":9,"
                + "\"failedRequests\":3,\"requestsInFlight\":2,\"sentBatches\":5,\"sentMetrics\":50,"
                + "\"alreadyPresentBatches\":1,\"rejectedBatches\":1,\"rejectedMetrics\":2,"
                + "\"backlogBatches\":12,\"backlogBytes\":4096,\"oldestBatchAgeSeconds\":90,"
                + "\"lastError\":\"cannot connect: Connection refused\","
                + "\"retryAt\":\"2026-01-01T14:03:10Z\"}");
  }

  @Test
  void anAgentWithoutASenderSaysSo() throws IOException {
    report.set(new EngineReport("started", null, Map.of()));

    JsonNode doc = document("sender");

    assertThat(doc.get("installed").asBoolean()).isFalse();
    assertThat(doc.get("sink").isNull()).isTrue();
  }

  @Test
  void targetsHaveTheirCountersAndTheirLastRunFromTheLatestSamples() throws IOException {
    Instant lastRun = NOW.minusSeconds(4);
    try (SpoolDirectory spool = SpoolDirectory.open(dir.resolve("spool"))) {
      var teed = latest.tee(spool);
      MetricRecorder node = teed.recorder(DeclaredMetrics.any(), "input:prometheus/node", "e");
      node.addMetric("node_load1", "0.5", lastRun, Map.of());
      node.addMetric("node_network_up", "1", lastRun, Map.of("device", "eth0"));
      node.addMetric("node_load5", "0.4", lastRun, Map.of());
      node.addMetric("up", "0", lastRun, Map.of());
      node.addMetric("collect_seconds", "0.25", lastRun, Map.of());
      node.close();
      MetricRecorder cpu = teed.recorder(DeclaredMetrics.any(), "input:cpu", "e");
      cpu.addMetric("system.cpu.backup", "3", lastRun, Map.of());
      cpu.addMetric("system.cpu.up", "1", lastRun, Map.of());
      cpu.close();
    }
    Map<String, InputState> inputs = new LinkedHashMap<>();
    inputs.put(
        "node",
        new InputState(
            "prometheus",
            Duration.ofSeconds(15),
            "running",
            new PipelineStats(
                10,
                0,
                2,
                1,
                0,
                0,
                8,
                0,
                PipelineStats.Health.DOWN,
                Optional.of(
                    new PipelineStats.LastError(
                        "scrape of http://127.0.0.1:9100/metrics failed: connection refused",
                        lastRun)))));
    inputs.put(
        "cpu",
        new InputState(
            "cpu",
            Duration.ofSeconds(10),
            "running",
            new PipelineStats(3, 0, 0, 0, 0, 0, 3, 0, PipelineStats.Health.UP, Optional.empty())));
    inputs.put(
        "mem",
        new InputState(
            "mem", Duration.ofSeconds(10), "running", new PipelineStats(0, 0, 0, 0, 0, 0, 0, 0)));
    stats.inputs().publish(() -> inputs);
    report.set(
        new EngineReport(
            "started", null, Map.of("collector", manifold("started", List.of("spool"), 1, null))));

    JsonNode targets = document("targets");

    assertThat(targets.get("collectorState").asText()).isEqualTo("started");
    JsonNode node = targets.get("targets").get(0);
    assertThat(node.get("id").asText()).isEqualTo("node");
    assertThat(node.get("source").asText()).isEqualTo("input:prometheus/node");
    assertThat(node.get("interval").asText()).isEqualTo("15s");
    assertThat(node.get("state").asText()).isEqualTo("running");
    assertThat(node.get("health").asText()).as("the pipeline's typed health").isEqualTo("down");
    assertThat(node.get("lastError").asText())
        .isEqualTo("scrape of http://127.0.0.1:9100/metrics failed: connection refused");
    assertThat(node.get("lastErrorAt").asText()).isEqualTo(lastRun.toString());
    assertThat(node.get("lastRun").asText()).isEqualTo(lastRun.toString());
    assertThat(node.get("lastRunAgoSeconds").asLong()).isEqualTo(4);
    assertThat(node.get("durationSeconds").asDouble()).isEqualTo(0.25);
    assertThat(node.get("series").asLong()).isEqualTo(5);
    assertThat(node.get("runs").asLong()).isEqualTo(10);
    assertThat(node.get("errors").asLong()).isEqualTo(2);
    assertThat(node.get("timeouts").asLong()).isEqualTo(1);
    JsonNode cpu = targets.get("targets").get(1);
    assertThat(cpu.get("source").asText()).isEqualTo("input:cpu");
    assertThat(cpu.get("health").asText()).isEqualTo("up");
    assertThat(cpu.get("lastError").isNull()).isTrue();
    assertThat(cpu.get("durationSeconds").asDouble()).isEqualTo(-1);
    JsonNode mem = targets.get("targets").get(2);
    assertThat(mem.get("health").asText()).as("no run has ended").isEqualTo("unknown");
    assertThat(mem.get("lastRun").isNull()).isTrue();
    assertThat(mem.get("series").asLong()).isZero();
  }

  @Test
  void anUnknownDocumentIs404AndNamesTheDocuments() {
    report.set(new EngineReport("started", null, Map.of()));

    ConsoleResponse response = console.document("secrets");

    assertThat(response.status()).isEqualTo(404);
    assertThat(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(
            "not found: /api/console/v1/secrets; documents: overview, manifolds, spool, sender,"
                + " targets\n");
  }
}
