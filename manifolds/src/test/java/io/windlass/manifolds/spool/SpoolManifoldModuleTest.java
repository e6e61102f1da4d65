package io.windlass.manifolds.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import com.google.common.util.concurrent.AbstractIdleService;
import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.multibindings.OptionalBinder;
import io.windlass.engine.Engine;
import io.windlass.engine.EngineConfig;
import io.windlass.engine.EngineModule;
import io.windlass.engine.ManifoldModule;
import io.windlass.engine.ManifoldReport;
import io.windlass.engine.testing.ManualEngineClock;
import io.windlass.manifolds.agent.AgentManifoldModule;
import io.windlass.manifolds.agent.AgentOptions;
import io.windlass.manifolds.agent.ConfigWatchSettings;
import io.windlass.manifolds.config.ByteSize;
import io.windlass.manifolds.config.SpoolSettings;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.MetricFactory;
import io.windlass.spool.MetricKind;
import io.windlass.spool.MetricReader;
import io.windlass.spool.MetricRecorder;
import io.windlass.spool.OverflowPolicy;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.SpoolOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code spool} manifold in a real engine with short restart delays, on a real spool directory.
 * The config file is polled on a manual clock, so a test decides when a change is seen.
 */
class SpoolManifoldModuleTest {
  private static final Duration POLL = Duration.ofSeconds(2);
  private static final Instant TIME = Instant.parse("2025-01-02T03:04:05Z");
  private static final EngineConfig FAST =
      EngineConfig.builder()
          .errorDelay(Duration.ofMillis(20))
          .bounceDelay(Duration.ofMillis(1))
          .maxDelay(Duration.ofMillis(100))
          .stopTimeout(Duration.ofSeconds(5))
          .build();

  @TempDir Path dir;

  private final ManualEngineClock pollClock = new ManualEngineClock();
  private final Factories factories = new Factories();
  private Engine engine;

  /** Every factory a {@code recorder} worker was started with, in order. */
  static final class Factories {
    final List<MetricFactory> started = new CopyOnWriteArrayList<>();

    MetricFactory last() {
      return started.get(started.size() - 1);
    }
  }

  /** A dependent: injects the spool's factory and records one batch when it starts. */
  static final class RecorderWorker extends AbstractIdleService {
    private final MetricFactory factory;
    private final Factories factories;

    @Inject
    RecorderWorker(MetricFactory factory, Factories factories) {
      this.factory = factory;
      this.factories = factories;
    }

    @Override
    protected void startUp() throws IOException {
      MetricRecorder recorder =
          factory.recorder(DeclaredMetrics.of("pings", MetricKind.COUNTER), "local:test", "t-1");
      recorder.addMetric("pings", "5", TIME, Map.of("zone", "a"));
      recorder.close();
      factories.started.add(factory);
    }

    @Override
    protected void shutDown() {}
  }

  private final class RecorderModule extends ManifoldModule {
    @Override
    protected void configureManifolds() {
      bind(Factories.class).toInstance(factories);
      OptionalBinder.newOptionalBinder(binder(), ConfigWatchSettings.class)
          .setBinding()
          .toInstance(new ConfigWatchSettings(POLL, pollClock));
      manifold("recorder").worker(RecorderWorker.class);
    }
  }

  private void start(AgentOptions options) {
    engine =
        Guice.createInjector(
                new EngineModule(FAST),
                new AgentManifoldModule(options),
                new SpoolManifoldModule(),
                new RecorderModule())
            .getInstance(Engine.class);
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
        .atMost(Duration.ofSeconds(10))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5));
  }

  private ManifoldReport manifold(String name) {
    return engine.report().manifold(name);
  }

  private void awaitStarted(String name, int startCount) {
    await()
        .untilAsserted(
            () -> {
              ManifoldReport report = manifold(name);
              assertThat(report.state()).isEqualTo("started");
              assertThat(report.startCount()).isEqualTo(startCount);
            });
  }

  private Path writeConfig(String yaml) throws IOException {
    Path temporary = Files.writeString(dir.resolve(".windlass.yaml.tmp"), yaml);
    return Files.move(
        temporary,
        dir.resolve("windlass.yaml"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** The spool directory behind the exposed factory (which tees it into LatestSamples). */
  private static SpoolDirectory spoolOf(MetricFactory factory) {
    assertThat(factory).isInstanceOf(LatestSamplesTee.class);
    return (SpoolDirectory) ((LatestSamplesTee) factory).spool();
  }

  /** Lets the agent see a changed file: one poll to settle, one to act. */
  private void pollTwice() {
    for (int i = 0; i < 2; i++) {
      await().until(() -> pollClock.pendingTimers() == 1);
      pollClock.advance(POLL);
    }
  }

  @Test
  void exposesAWorkingMetricFactoryToADependentThatInjectsIt() throws IOException {
    Path data = dir.resolve("data");

    start(AgentOptions.of(null, data));

    awaitStarted("recorder", 1);
    assertThat(manifold("spool").inputs()).containsExactly("agent");
    assertThat(manifold("recorder").inputs()).containsExactly("spool");
    assertThat(spoolOf(factories.last()).path()).isEqualTo(data.resolve("spool"));

    List<MetricBatch> batches;
    try (MetricReader reader = factories.last().reader()) {
      batches = reader.read();
    }
    assertThat(batches).hasSize(1);
    assertThat(batches.get(0).charmUrl()).isEqualTo("local:test");
    assertThat(batches.get(0).unitTag()).isEqualTo("t-1");
    assertThat(batches.get(0).metrics())
        .singleElement()
        .satisfies(
            metric -> {
              assertThat(metric.key()).isEqualTo("pings");
              assertThat(metric.value()).isEqualTo("5");
              assertThat(metric.time()).isEqualTo(TIME);
              assertThat(metric.labels()).containsExactly(Map.entry("zone", "a"));
            });
  }

  @Test
  void reportsTheSpoolsSizeAndDropsByReason() {
    Path data = dir.resolve("data");

    start(AgentOptions.of(null, data));

    awaitStarted("recorder", 1);
    Map<String, Object> report = manifold("spool").report();
    assertThat(report)
        .containsEntry("directory", data.resolve("spool").toString())
        .containsEntry("batches", 1L)
        .containsEntry("published-batches", 1L)
        .containsEntry("published-metrics", 1L)
        .containsKeys("bytes", "oldest-batch-age");
    assertThat((Long) report.get("bytes")).isPositive();
    assertThat(report.get("dropped"))
        .isEqualTo(Map.of("max-bytes", 0L, "max-batches", 0L, "max-age", 0L, "quarantined", 0L));
    assertThat(report.get("rejected")).isEqualTo(Map.of("max-bytes", 0L, "max-batches", 0L));
  }

  @Test
  void reportsQuarantinedAndSkippedEntriesByProblem() throws IOException {
    Path data = dir.resolve("data");
    String odd = "11111111-1111-4111-8111-111111111111";
    Path spool = Files.createDirectories(data.resolve("spool"));
    Files.createSymbolicLink(spool.resolve(odd + ".meta"), dir.resolve("elsewhere"));
    Files.writeString(spool.resolve(odd), "{}");

    start(AgentOptions.of(null, data));

    awaitStarted("recorder", 1);
    Map<String, Object> report = manifold("spool").report();
    assertThat(report.get("quarantined"))
        .isEqualTo(
            Map.of(
                "corrupt", 0L,
                "missing-data", 0L,
                "symlink", 1L,
                "not-a-file", 0L,
                "too-large", 0L,
                "unreadable", 0L));
    assertThat(report.get("skipped")).asInstanceOf(MAP).containsEntry("symlink", 0L).hasSize(6);
    assertThat(report).containsEntry("orphans-removed", 0L);
  }

  @Test
  void aNewDataDirReopensTheSpoolThereAndBouncesItsDependent() throws IOException {
    Path file = writeConfig("agent:\n  data-dir: " + dir.resolve("one") + "\n");
    start(AgentOptions.of(file, null));
    awaitStarted("recorder", 1);
    MetricFactory first = factories.last();

    writeConfig("agent:\n  data-dir: " + dir.resolve("two") + "\n");
    pollTwice();

    awaitStarted("spool", 2);
    awaitStarted("recorder", 2);
    assertThat(spoolOf(factories.last()).path()).isEqualTo(dir.resolve("two/spool"));
    try (Stream<Path> files = Files.list(dir.resolve("two/spool"))) {
      assertThat(files.map(path -> path.getFileName().toString()))
          .as("the bounced recorder wrote its batch into the new spool")
          .anyMatch(name -> name.endsWith(".meta"));
    }
    assertThatThrownBy(first::reader)
        .as("the first spool was closed")
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void newSpoolLimitsReopenTheSpoolWithThem() throws IOException {
    Path file = writeConfig("agent:\n  data-dir: " + dir.resolve("data") + "\n");
    start(AgentOptions.of(file, null));
    awaitStarted("recorder", 1);

    writeConfig(
        "agent:\n  data-dir: "
            + dir.resolve("data")
            + "\nspool:\n  max-batches: 7\n  max-bytes: 1MiB\n  overflow: reject-new\n");
    pollTwice();

    awaitStarted("spool", 2);
    awaitStarted("recorder", 2);
    SpoolOptions options = spoolOf(factories.last()).options();
    assertThat(options.maxBatches()).isEqualTo(7);
    assertThat(options.maxBytes()).isEqualTo(1 << 20);
    assertThat(options.overflowPolicy()).isEqualTo(OverflowPolicy.REJECT_NEW);
    assertThat(manifold("spool").report()).containsEntry("batches", 2L);
  }

  @Test
  void stoppingTheEngineClosesTheSpool() {
    start(AgentOptions.of(null, dir.resolve("data")));
    awaitStarted("recorder", 1);

    engine.stopAsync().awaitTerminated();

    assertThatThrownBy(factories.last()::reader).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void spoolOptionsComeFromTheSpoolSection() {
    SpoolOptions options =
        SpoolWorker.options(
            new SpoolSettings(
                ByteSize.ofMiB(32),
                12,
                Duration.ofHours(5),
                OverflowPolicy.REJECT_NEW,
                DeclaredMetrics.any()));

    assertThat(options.maxBytes()).isEqualTo(32L << 20);
    assertThat(options.maxBatchBytes()).as("at most maxBytes").isEqualTo(32L << 20);
    assertThat(options.maxBatches()).isEqualTo(12);
    assertThat(options.maxAge()).isEqualTo(Duration.ofHours(5));
    assertThat(options.overflowPolicy()).isEqualTo(OverflowPolicy.REJECT_NEW);
    assertThat(options.binaryBatches()).isTrue();
    assertThat(
            SpoolWorker.options(
                    new SpoolSettings(
                        ByteSize.ofMiB(32),
                        12,
                        Duration.ofHours(5),
                        OverflowPolicy.REJECT_NEW,
                        DeclaredMetrics.any(),
                        ByteSize.ofMiB(1),
                        false))
                .binaryBatches())
        .isFalse();
  }
}
