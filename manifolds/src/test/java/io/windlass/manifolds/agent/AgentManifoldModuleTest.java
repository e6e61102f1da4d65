package io.windlass.manifolds.agent;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.windlass.manifolds.config.AgentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code agent} manifold in a real engine with short restart delays. The config file is polled
 * on a manual clock, so each test decides exactly when a check happens.
 */
class AgentManifoldModuleTest {
  private static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final EngineConfig FAST =
      EngineConfig.builder()
          .errorDelay(Duration.ofMillis(20))
          .bounceDelay(Duration.ofMillis(1))
          .maxDelay(Duration.ofMillis(100))
          .stopTimeout(Duration.ofSeconds(5))
          .build();

  @TempDir Path dir;

  private final ManualEngineClock pollClock = new ManualEngineClock();
  private final SeenConfigs seen = new SeenConfigs();
  private Engine engine;

  /** What every {@code consumer} worker was started with, in order. */
  static final class SeenConfigs {
    final List<AgentConfig> configs = new CopyOnWriteArrayList<>();

    AgentConfig last() {
      return configs.get(configs.size() - 1);
    }
  }

  /** A dependent: injects the agent config, so the engine infers its input {@code agent}. */
  static final class ConsumerWorker extends AbstractIdleService {
    @Inject
    ConsumerWorker(AgentConfig config, SeenConfigs seen) {
      seen.configs.add(config);
    }

    @Override
    protected void startUp() {}

    @Override
    protected void shutDown() {}
  }

  private final class ConsumerModule extends ManifoldModule {
    @Override
    protected void configureManifolds() {
      bind(SeenConfigs.class).toInstance(seen);
      OptionalBinder.newOptionalBinder(binder(), ConfigWatchSettings.class)
          .setBinding()
          .toInstance(new ConfigWatchSettings(INTERVAL, pollClock));
      manifold("consumer").worker(ConsumerWorker.class);
    }
  }

  private io.windlass.manifolds.stats.AgentStats stats;

  private Engine start(AgentOptions options) {
    com.google.inject.Injector injector =
        Guice.createInjector(
            new EngineModule(FAST), new AgentManifoldModule(options), new ConsumerModule());
    stats = injector.getInstance(io.windlass.manifolds.stats.AgentStats.class);
    engine = injector.getInstance(Engine.class);
    engine.startAsync().awaitRunning();
    return engine;
  }

  @AfterEach
  void stopEngine() {
    if (engine != null) {
      engine.stopAsync().awaitTerminated();
    }
  }

  private Path config(String yaml) throws IOException {
    return Files.writeString(dir.resolve("windlass.yaml"), yaml);
  }

  /** Replaces the file as most editors save: write a temporary file, then rename it over. */
  private void replaceConfig(String yaml) throws IOException {
    Path temporary = Files.writeString(dir.resolve(".windlass.yaml.tmp"), yaml);
    Files.move(
        temporary,
        dir.resolve("windlass.yaml"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** Awaitility, checking often: every step here takes milliseconds. */
  private static ConditionFactory await() {
    return org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5));
  }

  private ManifoldReport manifold(String name) {
    return engine.report().manifold(name);
  }

  private long checks() {
    Object checks = manifold("agent").report().get("checks");
    return checks == null ? -1 : ((Number) checks).longValue();
  }

  /** Lets one poll interval pass once the agent waits for it, and waits for the check. */
  private void pollOnce() {
    await().until(() -> pollClock.pendingTimers() == 1);
    long before = checks();
    pollClock.advance(INTERVAL);
    await().until(() -> checks() > before);
  }

  /** Lets one poll interval pass once the agent waits for it; the check may end the worker. */
  private void pollExpectingRestart() {
    await().until(() -> pollClock.pendingTimers() == 1);
    pollClock.advance(INTERVAL);
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

  @Test
  void exposesTheLoadedConfigToADependentThatInjectsIt() throws IOException {
    Path file = config("agent:\n  tag: first\nspool:\n  max-age: 1d\n");

    start(AgentOptions.of(file, null));

    awaitStarted("agent", 1);
    awaitStarted("consumer", 1);
    assertThat(manifold("consumer").inputs()).containsExactly("agent");
    assertThat(seen.last().agent().tag()).isEqualTo("first");
    assertThat(seen.last().spool().maxAge()).hasDays(1);
    assertThat(manifold("agent").report())
        .containsEntry("config", file.toString())
        .containsEntry("tag", "first")
        .containsEntry("data-dir", "./windlass-data");
  }

  @Test
  void withoutAConfigFileRunsOnTheDefaultsAndWatchesNothing() {
    start(AgentOptions.none());

    awaitStarted("consumer", 1);
    assertThat(seen.last().spool().maxAge()).hasDays(7);
    assertThat(seen.last().agent().tag()).startsWith("agent-");
    assertThat(manifold("agent").report()).containsEntry("config", "(defaults)");
    assertThat(manifold("agent").report()).doesNotContainKey("checks");
    assertThat(pollClock.pendingTimers()).isZero();
  }

  @Test
  void theDataDirOptionOverridesTheFile() throws IOException {
    Path file = config("agent:\n  tag: a\n  data-dir: /from/file\n");

    start(AgentOptions.of(file, dir.resolve("from-option")));

    awaitStarted("consumer", 1);
    assertThat(seen.last().agent().dataDir()).isEqualTo(dir.resolve("from-option"));
    assertThat(seen.last().agent().tag()).isEqualTo("a");
  }

  @Test
  void aValidChangeRestartsTheAgentAndBouncesItsDependent() throws IOException {
    start(AgentOptions.of(config("agent:\n  tag: first\n"), null));
    awaitStarted("consumer", 1);

    replaceConfig("agent:\n  tag: second\n");
    pollOnce(); // first sight of the new content: let it settle
    assertThat(manifold("agent").startCount()).isEqualTo(1);
    pollExpectingRestart();

    awaitStarted("agent", 2);
    awaitStarted("consumer", 2);
    assertThat(seen.last().agent().tag()).isEqualTo("second");
    assertThat(manifold("agent").report()).containsEntry("tag", "second");
    assertThat(manifold("agent").error()).isNull();
    assertThat(stats.configs().loads()).as("loads told to the terminal").isEqualTo(2);
    assertThat(stats.configs().tag()).isEqualTo("second");
    assertThat(stats.configs().rejections()).isZero();
  }

  @Test
  void anInvalidChangeKeepsTheRunningConfigAndBouncesNothing() throws IOException {
    start(AgentOptions.of(config("agent:\n  tag: first\n"), null));
    awaitStarted("consumer", 1);

    replaceConfig("agent:\n  tag: second\nspool:\n  max-bytes: 12XB\n  overflow: never\n");
    pollOnce();
    pollOnce();

    Map<String, Object> report = manifold("agent").report();
    assertThat(report).containsEntry("tag", "first");
    assertThat(report.get("rejected"))
        .isEqualTo(
            List.of(
                dir.resolve("windlass.yaml")
                    + ":4:14: spool.max-bytes: \"12XB\" is not a size (use e.g. 512MiB)",
                dir.resolve("windlass.yaml")
                    + ":5:13: spool.overflow: \"never\" is not one of drop-oldest, reject-new"));
    pollOnce();
    assertThat(manifold("agent").startCount()).isEqualTo(1);
    assertThat(manifold("consumer").startCount()).isEqualTo(1);
    assertThat(seen.configs).hasSize(1);
    assertThat(stats.configs().rejections()).as("the change kept out, once").isEqualTo(1);
    assertThat(stats.configs().problems()).isEqualTo(report.get("rejected"));
    assertThat(stats.configs().loads()).isEqualTo(1);
    io.windlass.manifolds.stats.AgentState published = stats.agent().read().orElseThrow();
    assertThat(published.configFile()).isEqualTo(dir.resolve("windlass.yaml").toString());
    assertThat(published.tag()).contains("first");
    assertThat(published.configChecks()).as("the worker's own checks").isEqualTo(3);
    assertThat(published.rejected())
        .as("the console reads the typed state, with the report's problems")
        .isEqualTo(report.get("rejected"));

    replaceConfig("agent:\n  tag: fixed\n");
    pollOnce();
    pollExpectingRestart();

    awaitStarted("agent", 2);
    awaitStarted("consumer", 2);
    assertThat(seen.last().agent().tag()).isEqualTo("fixed");
    assertThat(manifold("agent").report()).doesNotContainKey("rejected");
    assertThat(stats.agent().read().orElseThrow().rejected())
        .as("the fresh worker's state, published in place of the first's")
        .isEmpty();
    assertThat(stats.agent().read().orElseThrow().tag()).contains("fixed");
  }

  @Test
  void aRewriteThatMeansTheSameBouncesNothing() throws IOException {
    start(AgentOptions.of(config("agent:\n  tag: first\n"), null));
    awaitStarted("consumer", 1);

    replaceConfig("# a comment, and flow style\nagent: {tag: first}\n");
    pollOnce();
    pollOnce();
    pollOnce();

    assertThat(manifold("agent").startCount()).isEqualTo(1);
    assertThat(manifold("consumer").startCount()).isEqualTo(1);
    assertThat(manifold("agent").report()).containsEntry("checks", 3L);
  }

  @Test
  void aDeletedFileKeepsTheRunningConfigUntilANewOneAppears() throws IOException {
    Path file = config("agent:\n  tag: first\n");
    start(AgentOptions.of(file, null));
    awaitStarted("consumer", 1);

    Files.delete(file);
    pollOnce();
    pollOnce();

    assertThat(manifold("agent").report().get("rejected"))
        .isEqualTo(List.of(file + ": cannot read: no such file"));
    assertThat(manifold("agent").startCount()).isEqualTo(1);

    config("agent:\n  tag: back\n");
    pollOnce();
    pollExpectingRestart();

    awaitStarted("consumer", 2);
    assertThat(seen.last().agent().tag()).isEqualTo("back");
  }

  @Test
  void anInvalidConfigAtStartFailsTheAgentUntilTheFileIsFixed() throws IOException {
    Path file = config("spool:\n  max-bytes: 12XB\n");

    start(AgentOptions.of(file, null));

    await()
        .untilAsserted(
            () ->
                assertThat(manifold("agent").error())
                    .startsWith("Agent configuration errors:")
                    .contains(
                        file + ":2:14: spool.max-bytes: \"12XB\" is not a size (use e.g. 512MiB)"));
    assertThat(manifold("agent").startCount()).isZero();
    assertThat(manifold("consumer").startCount()).isZero();
    assertThat(seen.configs).isEmpty();

    config("spool:\n  max-bytes: 12GB\n");

    awaitStarted("agent", 1);
    awaitStarted("consumer", 1);
    assertThat(seen.last().spool().maxBytes().bytes()).isEqualTo(12_000_000_000L);
  }

  @Test
  void stoppingTheEngineStopsAWatchingAgentPromptly() throws Exception {
    start(AgentOptions.of(config("agent:\n  tag: first\n"), null));
    awaitStarted("consumer", 1);
    await().until(() -> pollClock.pendingTimers() == 1);

    engine.stopAsync().awaitTerminated(Duration.ofSeconds(5));

    assertThat(engine.report().manifold("agent").error()).isNull();
    assertThat(pollClock.pendingTimers()).as("the poll timer is cancelled").isZero();
  }
}
