package io.windlass.manifolds.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.Service;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.multibindings.OptionalBinder;
import io.windlass.collector.Pipeline;
import io.windlass.engine.Engine;
import io.windlass.engine.EngineConfig;
import io.windlass.engine.EngineModule;
import io.windlass.engine.ManifoldReport;
import io.windlass.engine.testing.ManualEngineClock;
import io.windlass.manifolds.agent.AgentManifoldModule;
import io.windlass.manifolds.agent.AgentOptions;
import io.windlass.manifolds.agent.ConfigWatchSettings;
import io.windlass.manifolds.sockets.SocketManifoldModule;
import io.windlass.manifolds.spool.SpoolManifoldModule;
import io.windlass.spool.Metric;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.MetricReader;
import io.windlass.spool.socket.TriggerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code collector} manifold in a real engine with short restart delays, on a real spool and
 * the host's {@code /proc}. The config file is polled on a manual clock.
 */
@SuppressWarnings("unchecked")
class CollectorManifoldModuleTest {
  private static final Duration POLL = Duration.ofSeconds(2);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final EngineConfig FAST =
      EngineConfig.builder()
          .errorDelay(Duration.ofMillis(20))
          .bounceDelay(Duration.ofMillis(1))
          .maxDelay(Duration.ofMillis(100))
          .stopTimeout(Duration.ofSeconds(10))
          .build();

  @TempDir Path dir;

  private final ManualEngineClock pollClock = new ManualEngineClock();
  private Injector injector;
  private Engine engine;

  private Path data() {
    return dir.resolve("data");
  }

  private void start(Path config) {
    injector =
        Guice.createInjector(
            new EngineModule(FAST),
            new AgentManifoldModule(AgentOptions.of(config, data())),
            new SpoolManifoldModule(),
            new CollectorManifoldModule(),
            new SocketManifoldModule(),
            new AbstractModule() {
              @Override
              protected void configure() {
                OptionalBinder.newOptionalBinder(binder(), ConfigWatchSettings.class)
                    .setBinding()
                    .toInstance(new ConfigWatchSettings(POLL, pollClock));
              }
            });
    engine = injector.getInstance(Engine.class);
    engine.startAsync().awaitRunning();
  }

  @AfterEach
  void stopEngine() {
    if (engine != null) {
      engine.stopAsync().awaitTerminated();
    }
  }

  private static ConditionFactory await() {
    return org.awaitility.Awaitility.await()
        .atMost(TIMEOUT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10));
  }

  private ManifoldReport collector() {
    return engine.report().manifold(CollectorManifoldModule.COLLECTOR);
  }

  private void awaitCollectorStarted(int startCount) {
    await()
        .untilAsserted(
            () -> {
              assertThat(collector().state()).isEqualTo("started");
              assertThat(collector().startCount()).isEqualTo(startCount);
            });
  }

  /**
   * Waits until {@code collect.sock} is served: its manifold starts apart from the collector's, and
   * binds the socket before it counts as started.
   */
  private void awaitCollectSocket() {
    await()
        .untilAsserted(
            () ->
                assertThat(engine.report().manifold(SocketManifoldModule.COLLECT_SOCKET).state())
                    .isEqualTo("started"));
  }

  private PipelineRegistry registry() {
    return injector.getInstance(PipelineRegistry.class);
  }

  private List<MetricBatch> batches() throws IOException {
    try (MetricReader reader = registry().spool().reader()) {
      return reader.read();
    }
  }

  private Path writeConfig(String yaml) throws IOException {
    Path temporary = Files.writeString(dir.resolve(".windlass.yaml.tmp"), yaml);
    return Files.move(
        temporary,
        dir.resolve("windlass.yaml"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  private void pollTwice() {
    for (int i = 0; i < 2; i++) {
      await().until(() -> pollClock.pendingTimers() == 1);
      pollClock.advance(POLL);
    }
  }

  @Test
  void runsAPipelinePerInputThatWritesBatchesToTheSpool() throws IOException {
    start(
        writeConfig(
            "agent: {tag: agent-test}\n"
                + "inputs:\n"
                + "  - {type: load, interval: 1s, tags: {env: test}}\n"
                + "  - {type: mem, interval: 1s}\n"));

    awaitCollectorStarted(1);
    assertThat(collector().inputs()).containsExactlyInAnyOrder("spool", "agent");
    await()
        .untilAsserted(
            () ->
                assertThat(batches())
                    .extracting(MetricBatch::charmUrl)
                    .contains("input:load", "input:mem"));
    MetricBatch load =
        batches().stream().filter(b -> b.charmUrl().equals("input:load")).findFirst().get();
    assertThat(load.unitTag()).isEqualTo("agent-test");
    assertThat(load.metrics())
        .anySatisfy(
            metric -> {
              assertThat(metric.key()).isEqualTo("node_up");
              assertThat(metric.value()).isEqualTo("1");
              assertThat(metric.labels())
                  .containsOnly(Map.entry("env", "test"), Map.entry("input", "load"));
            });
    assertThat(load.metrics()).extracting(Metric::key).contains("node_load1", "node_load15");
    await()
        .untilAsserted(
            () ->
                assertThat(collector().report())
                    .hasEntrySatisfying(
                        "load",
                        entry ->
                            assertThat((Map<Object, Object>) entry)
                                .containsEntry("type", "load")
                                .containsEntry("state", "running")
                                .containsEntry("interval", "1s")));
  }

  @Test
  void hostInputsNameTheirMetricsAsTheAgentOrTheInputSays() throws Exception {
    start(
        writeConfig(
            "agent: {metric-naming: windlass}\n"
                + "inputs:\n"
                + "  - {type: load, interval: 1h}\n"
                + "  - {type: load, id: load-node, interval: 1h, metric-naming: node-exporter}\n"));
    awaitCollectorStarted(1);
    awaitCollectSocket();

    TriggerClient.trigger(data().resolve("run").resolve("collect.sock"), TIMEOUT);

    Map<String, List<String>> keys = new java.util.HashMap<>();
    for (MetricBatch batch : batches()) {
      keys.put(batch.charmUrl(), batch.metrics().stream().map(Metric::key).toList());
    }
    assertThat(keys.get("input:load")).contains("system.load.load1", "system.load.up");
    assertThat(keys.get("input:load/load-node")).contains("node_load1", "node_up");
  }

  @Test
  void collectSockRunsEveryPipelineNowAndAnswersOnceTheBatchesAreWritten() throws Exception {
    start(
        writeConfig(
            "inputs:\n  - {type: load, interval: 1h}\n  - {type: netstat, interval: 1h}\n"));
    awaitCollectorStarted(1);
    awaitCollectSocket();
    assertThat(batches()).isEmpty();

    TriggerClient.trigger(data().resolve("run").resolve("collect.sock"), TIMEOUT);

    assertThat(batches())
        .extracting(MetricBatch::charmUrl)
        .containsExactlyInAnyOrder("input:load", "input:netstat");
    assertThat(registry().pipelines().get("load").stats().runs()).isEqualTo(1);
  }

  @Test
  void aConfigChangeKeepsUnchangedPipelinesUpdatesChangedOnesAndStopsRemovedOnes()
      throws IOException {
    start(
        writeConfig(
            "inputs:\n"
                + "  - {type: load, interval: 1h}\n"
                + "  - {type: mem, interval: 1h}\n"
                + "  - {type: swap, interval: 1h}\n"));
    awaitCollectorStarted(1);
    Map<String, Pipeline> before = registry().pipelines();

    writeConfig(
        "inputs:\n"
            + "  - {type: load, interval: 1h}\n"
            + "  - {type: mem, interval: 1h, tags: {env: b}}\n"
            + "  - {type: netstat, interval: 1h}\n");
    pollTwice();
    awaitCollectorStarted(2);

    Map<String, Pipeline> after = registry().pipelines();
    assertThat(after.keySet()).containsExactly("load", "mem", "netstat");
    assertThat(after.get("load")).isSameAs(before.get("load"));
    assertThat(after.get("mem")).isSameAs(before.get("mem"));
    assertThat(after.get("mem").task().tags()).containsExactly(Map.entry("env", "b"));
    assertThat(after.get("load").state()).isEqualTo(Service.State.RUNNING);
    await().until(() -> before.get("swap").state() == Service.State.TERMINATED);
    assertThat(after.get("netstat").state()).isEqualTo(Service.State.RUNNING);
  }

  @Test
  void stoppingTheEngineStopsEveryPipeline() throws IOException {
    start(writeConfig("inputs:\n  - {type: load, interval: 1h}\n"));
    awaitCollectorStarted(1);
    Pipeline load = registry().pipelines().get("load");

    engine.stopAsync().awaitTerminated();

    assertThat(load.state()).isEqualTo(Service.State.TERMINATED);
    assertThat(registry().pipelines()).isEmpty();
  }
}
