package io.windlass.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.util.concurrent.AbstractIdleService;
import com.google.common.util.concurrent.AbstractService;
import com.google.common.util.concurrent.Service;
import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Injector;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Scenarios 34–38: the engine report, its JSON form, and the engine as an injected service. */
class EngineReportTest {
  private static final Duration NO_HANG = Duration.ofSeconds(30);
  private static final Set<String> MANIFOLD_KEYS =
      Set.of("state", "inputs", "start-count", "started", "error", "report");

  private final EngineHarness h = new EngineHarness();
  private final ObjectMapper mapper = new ObjectMapper();

  @AfterEach
  void stop() {
    h.close();
  }

  // ------------------------------------------------------------------ 34

  @Test
  @DisplayName("34. a fresh engine reports started and no manifolds; after stop, stopped")
  void freshEngineReportsStartedAndStoppedAfterStop() throws IOException {
    h.start();

    EngineReport running = h.engine.report();
    assertThat(running.state()).isEqualTo("started");
    assertThat(running.error()).isNull();
    assertThat(running.manifolds()).isEmpty();
    assertThat(json(running)).isEqualTo(tree("{\"state\":\"started\",\"manifolds\":{}}"));

    h.stop();

    EngineReport stopped = h.engine.report();
    assertThat(h.engine.state()).isEqualTo(Service.State.TERMINATED);
    assertThat(stopped.state()).isEqualTo("stopped");
    assertThat(stopped.error()).isNull();
    assertThat(stopped.manifolds()).isEmpty();
    assertThat(json(stopped)).isEqualTo(tree("{\"state\":\"stopped\",\"manifolds\":{}}"));
  }

  @Test
  @DisplayName("34. an engine not yet started reports starting; a stopped one drops its manifolds")
  void reportBeforeStartAndAfterStopWithManifolds() {
    Engine engine =
        Engine.create(Guice.createInjector(), List.of(h.manifold("a").build()), h.config().build());
    assertThat(engine.report().state()).isEqualTo("starting");
    assertThat(engine.report().manifolds()).isEmpty();

    h.start(h.manifold("a").build(), h.manifold("b", "a").build());
    h.runLong();
    assertThat(h.engine.report().manifolds().keySet()).containsExactly("a", "b");

    h.stop();
    assertThat(h.engine.report().state()).isEqualTo("stopped");
    // The last report keeps every manifold, stopped, for a post-mortem.
    assertThat(h.engine.report().manifolds().values())
        .extracting(ManifoldReport::state)
        .containsOnly("stopped");
    assertThat(h.allWorkers()).noneMatch(Service::isRunning);
  }

  /** A worker that never finishes stopping, so the engine is caught mid-shutdown. */
  static final class StubbornWorker extends AbstractService {
    @Override
    protected void doStart() {
      notifyStarted();
    }

    @Override
    protected void doStop() {
      // Ignores the request; the engine abandons it after stopTimeout.
    }
  }

  @Test
  @DisplayName("34. while a worker is still stopping, the engine and manifold report stopping")
  void reportsStoppingUntilTheLastWorkerHasStopped() throws Exception {
    h.start(
        Manifold.builder("stubborn")
            .start(h.recording("stubborn", r -> new StubbornWorker()))
            .build());
    h.runLong();
    assertThat(h.engine.report().manifold("stubborn").state()).isEqualTo("started");

    h.engine.stopAsync();
    // The stop timeout is the only timer; once it is set, the engine waits on the worker alone.
    await()
        .atMost(NO_HANG)
        .until(
            () ->
                h.clock.pendingTimers() == 1
                    && "stopping".equals(h.engine.report().manifold("stubborn").state()));
    assertThat(h.engine.report().state()).isEqualTo("stopping");

    h.clock.advance(h.engine.config().stopTimeout());
    h.engine.awaitTerminated(NO_HANG);
    assertThat(h.engine.report().state()).isEqualTo("stopped");
    assertThat(h.engine.report().manifold("stubborn").error()).contains("abandoned");
  }

  // ------------------------------------------------------------------ 35

  @Test
  @DisplayName(
      "35. a running dependent reports inputs, start-count 1 and started from the engine clock in UTC")
  void runningDependentReportsInputsStartCountAndStartTime() throws IOException {
    h.start(h.manifold("agent").build());
    h.runFor(Duration.ofMinutes(90));
    h.engine.install(h.manifold("spool", "agent").build());
    h.settle();

    ManifoldReport spool = h.engine.report().manifold("spool");
    assertThat(spool.state()).isEqualTo("started");
    assertThat(spool.inputs()).containsExactly("agent");
    assertThat(spool.startCount()).isEqualTo(1);
    assertThat(spool.started()).isEqualTo(Instant.parse("2026-01-01T01:30:00Z"));
    assertThat(spool.error()).isNull();
    assertThat(json(h.engine.report()).get("manifolds").get("spool"))
        .isEqualTo(
            tree(
                "{\"state\":\"started\",\"inputs\":[\"agent\"],\"start-count\":1,"
                    + "\"started\":\"2026-01-01T01:30:00Z\"}"));

    // A restart counts and restamps: the error delay (25 ms) passes on the engine clock.
    h.worker("spool").fail(new IllegalStateException("disk full"));
    h.runLong();
    spool = h.engine.report().manifold("spool");
    assertThat(spool.state()).isEqualTo("started");
    assertThat(spool.startCount()).isEqualTo(2);
    assertThat(spool.started()).isEqualTo(Instant.parse("2026-01-01T01:30:00.025Z"));
    assertThat(spool.error()).as("cleared once running again").isNull();
    assertThat(json(h.engine.report()).at("/manifolds/spool/started").textValue())
        .isEqualTo("2026-01-01T01:30:00.025Z");
    assertThat(h.engine.report().manifold("agent").startCount()).isEqualTo(1);
  }

  /**
   * Covers a bug where {@code awaitQuiescence} returned while a worker that had just failed was
   * still reported {@code started}: Guava had handed the worker's listener call to the start
   * thread, still busy delivering its {@code running} event, so the failure reached the loop only
   * later.
   */
  @RepeatedTest(50)
  @DisplayName("35. a worker's failure is in the report as soon as the engine is quiet")
  void failureIsReportedOnceTheEngineIsQuiet() {
    h.start(h.manifold("a").build());
    h.worker("a").fail(new IllegalStateException("boom"));
    h.settle();

    ManifoldReport a = h.engine.report().manifold("a");
    assertThat(a.state()).as("waiting out the error delay").isEqualTo("starting");
    assertThat(a.error()).isEqualTo("boom");
    assertThat(a.startCount()).isEqualTo(1);
    assertThat(h.clock.pendingDelays()).containsExactly(Duration.ofMillis(25));
  }

  // ------------------------------------------------------------------ 36

  @Test
  @DisplayName(
      "36. a manifold stopped for a missing input reports stopped, the error and its inputs, no start count")
  void missingInputReportsStoppedWithErrorAndNoStartCount() throws IOException {
    h.start(h.manifold("agent").build());
    h.engine.install(h.manifold("sender", "agent", "backend").build());
    h.runLong();

    ManifoldReport sender = h.engine.report().manifold("sender");
    assertThat(h.startCalls("sender")).as("tried once, not retried").isEqualTo(1);
    assertThat(sender.state()).isEqualTo("stopped");
    assertThat(sender.inputs()).containsExactly("agent", "backend");
    assertThat(sender.startCount()).isZero();
    assertThat(sender.started()).isNull();
    assertThat(sender.error()).isEqualTo("manifold \"sender\": input \"backend\" is not running");
    assertThat(sender.report()).isEmpty();

    JsonNode node = json(h.engine.report()).get("manifolds").get("sender");
    assertThat(fieldNames(node)).containsExactly("state", "inputs", "error");
    assertThat(node)
        .isEqualTo(
            tree(
                "{\"state\":\"stopped\",\"inputs\":[\"agent\",\"backend\"],"
                    + "\"error\":\"manifold \\\"sender\\\": input \\\"backend\\\" is not running\"}"));
  }

  // ------------------------------------------------------------------ 37

  /** A worker with its own report, read on whichever thread asks for the engine report. */
  static final class ReportingWorker extends TestWorker implements Reporter {
    volatile Map<String, Object> own = Map.of();
    volatile @Nullable RuntimeException failure;
    final List<Thread> askedOn = new CopyOnWriteArrayList<>();

    ReportingWorker(String name) {
      super(name);
    }

    @Override
    public Map<String, Object> report() {
      askedOn.add(Thread.currentThread());
      if (failure != null) {
        throw failure;
      }
      return own;
    }
  }

  private Manifold reporting(String name, String... inputs) {
    return Manifold.builder(name)
        .inputs(inputs)
        .start(h.recording(name, r -> new ReportingWorker(name)))
        .build();
  }

  @Test
  @DisplayName("37. a worker that implements Reporter has its own map nested under report")
  void reporterWorkerMapIsNestedUnderReport() throws IOException {
    h.start(reporting("status"), h.manifold("plain").build());
    h.runLong();
    ReportingWorker status = (ReportingWorker) h.workers.get("status").get(0);
    status.own =
        ImmutableMap.of("batches", 3, "sink", "prometheus", "paths", ImmutableList.of("/a", "/b"));

    ManifoldReport report = h.engine.report().manifold("status");
    assertThat(report.report())
        .containsExactly(
            Map.entry("batches", 3),
            Map.entry("sink", "prometheus"),
            Map.entry("paths", List.of("/a", "/b")));
    assertThat(status.askedOn)
        .as("asked on the caller's thread")
        .containsOnly(Thread.currentThread());
    assertThat(h.engine.report().manifold("plain").report()).isEmpty();

    JsonNode manifolds = json(h.engine.report()).get("manifolds");
    assertThat(manifolds.get("status").get("report"))
        .isEqualTo(tree("{\"batches\":3,\"sink\":\"prometheus\",\"paths\":[\"/a\",\"/b\"]}"));
    assertThat(manifolds.get("plain").has("report")).isFalse();

    // Each report is a fresh snapshot of the worker's map.
    status.own = ImmutableMap.of("batches", 4);
    assertThat(h.engine.report().manifold("status").report())
        .containsExactly(Map.entry("batches", 4));

    // Once the worker has completed there is nothing to ask.
    status.complete();
    h.runLong();
    assertThat(h.engine.report().manifold("status").state()).isEqualTo("stopped");
    assertThat(h.engine.report().manifold("status").report()).isEmpty();
    assertThat(json(h.engine.report()).get("manifolds").get("status").has("report")).isFalse();
  }

  @Test
  @DisplayName("37. a worker report that throws shows as an error in its map; the rest is reported")
  void throwingReporterDoesNotBreakTheReport() {
    h.start(reporting("status"), h.manifold("plain").build());
    h.runLong();
    ReportingWorker status = (ReportingWorker) h.workers.get("status").get(0);
    status.failure = new IllegalStateException("boom");

    EngineReport report = h.engine.report();
    assertThat(report.manifold("status").state()).isEqualTo("started");
    assertThat(report.manifold("status").report())
        .containsOnlyKeys("error")
        .extractingByKey("error")
        .asString()
        .contains("boom");
    assertThat(report.manifold("plain").state()).isEqualTo("started");
  }

  // ------------------------------------------------------------------ 38

  /** Makes the manifold a spawner installs, so the test can count its starts. */
  @FunctionalInterface
  interface ChildFactory extends Function<String, Manifold> {}

  /** Installs one child manifold from its own startUp, as a worker extending its process would. */
  static final class Spawner extends AbstractIdleService {
    private final ManifoldInstaller installer;
    private final ChildFactory children;
    private final String name;

    @Inject
    Spawner(ManifoldInstaller installer, ChildFactory children, Resources resources) {
      this.installer = installer;
      this.children = children;
      this.name = resources.manifold();
    }

    @Override
    protected void startUp() {
      installer.install(children.apply("child-of-" + name));
    }

    @Override
    protected void shutDown() {}
  }

  /** Injects the engine's two faces and looks at its own report while starting. */
  static final class StatusWorker extends AbstractIdleService {
    static final AtomicReference<StatusWorker> last = new AtomicReference<>();

    final ManifoldInstaller installer;
    final EngineReporter reporter;
    volatile EngineReport seenWhileStarting;

    @Inject
    StatusWorker(ManifoldInstaller installer, EngineReporter reporter) {
      this.installer = installer;
      this.reporter = reporter;
      last.set(this);
    }

    @Override
    protected void startUp() {
      seenWhileStarting = reporter.report();
    }

    @Override
    protected void shutDown() {}
  }

  @Test
  @DisplayName(
      "38. the engine is injectable as installer and reporter; 100 installs from workers start once each")
  void engineIsInjectableAndWorkersInstallConcurrently() {
    int spawners = 100;
    Injector injector =
        h.startInjected(
            new ManifoldModule() {
              @Override
              protected void configureManifolds() {
                binder().bind(ChildFactory.class).toInstance(name -> h.manifold(name).build());
                manifold("status").worker(StatusWorker.class);
                for (int i = 0; i < spawners; i++) {
                  manifold("spawner-" + i).worker(Spawner.class);
                }
              }
            });
    h.runLong();

    Engine engine = injector.getInstance(Engine.class);
    assertThat(injector.getInstance(ManifoldInstaller.class)).isSameAs(engine);
    assertThat(injector.getInstance(EngineReporter.class)).isSameAs(engine);
    StatusWorker status = StatusWorker.last.get();
    assertThat(status.installer).isSameAs(engine);
    assertThat(status.reporter).isSameAs(engine);
    assertThat(status.seenWhileStarting.state()).isEqualTo("started");
    assertThat(status.seenWhileStarting.manifold("status").state()).isEqualTo("starting");

    EngineReport report = engine.report();
    assertThat(report.manifolds()).hasSize(1 + 2 * spawners);
    assertThat(report.manifolds().values()).allMatch(m -> m.state().equals("started"));
    assertThat(report.manifolds().values()).allMatch(m -> m.startCount() == 1);
    for (int i = 0; i < spawners; i++) {
      assertThat(h.starts("child-of-spawner-" + i)).as("child %s starts", i).isEqualTo(1);
    }

    h.stop();
    assertThat(engine.state()).isEqualTo(Service.State.TERMINATED);
    assertThat(engine.report().state()).isEqualTo("stopped");
    assertThat(h.allWorkers()).noneMatch(Service::isRunning);
  }

  @Test
  @DisplayName(
      "38. 100 concurrent installs from 100 threads neither deadlock nor block a clean stop")
  void hundredConcurrentInstallsFromThreads() throws Exception {
    h.start();
    int installers = 100;
    CyclicBarrier gate = new CyclicBarrier(installers);
    List<Callable<Void>> installs = new ArrayList<>();
    for (int i = 0; i < installers; i++) {
      String name = "m" + i;
      installs.add(
          () -> {
            gate.await();
            h.engine.install(h.manifold(name).build());
            return null;
          });
    }
    ExecutorService pool = Executors.newFixedThreadPool(installers);
    try {
      for (Future<Void> install : submitAll(pool, installs)) {
        install.get(NO_HANG.toSeconds(), TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    h.settle();

    EngineReport report = h.engine.report();
    assertThat(report.manifolds()).hasSize(installers);
    assertThat(report.manifolds().values()).allMatch(m -> m.state().equals("started"));
    for (int i = 0; i < installers; i++) {
      assertThat(h.starts("m" + i)).as("m%s starts", i).isEqualTo(1);
    }

    h.engine.stopAsync();
    h.engine.awaitTerminated(NO_HANG);
    assertThat(h.engine.state()).isEqualTo(Service.State.TERMINATED);
    assertThat(h.engine.report().state()).isEqualTo("stopped");
    assertThat(h.allWorkers()).allMatch(w -> w.state() == Service.State.TERMINATED);
  }

  @RepeatedTest(10)
  @DisplayName(
      "38. installs racing with stop succeed or fail with 'engine is shutting down', never hang")
  void installsRacingWithStopNeverHang() throws Exception {
    h.start(h.manifold("base").build());
    int installers = 100;
    int perInstaller = 10;
    CyclicBarrier gate = new CyclicBarrier(installers + 1);
    List<Callable<List<Boolean>>> installs = new ArrayList<>();
    for (int i = 0; i < installers; i++) {
      String prefix = "m" + i + "-";
      installs.add(
          () -> {
            gate.await();
            List<Boolean> accepted = new ArrayList<>();
            for (int j = 0; j < perInstaller; j++) {
              try {
                h.engine.install(h.manifold(prefix + j).build());
                accepted.add(true);
              } catch (IllegalStateException refused) {
                assertThat(refused).hasMessageContaining("engine is shutting down");
                accepted.add(false);
              }
            }
            return accepted;
          });
    }
    ExecutorService pool = Executors.newFixedThreadPool(installers);
    List<List<Boolean>> outcomes = new ArrayList<>();
    try {
      List<Future<List<Boolean>>> futures = submitAll(pool, installs);
      gate.await(NO_HANG.toSeconds(), TimeUnit.SECONDS);
      h.engine.stopAsync();
      for (Future<List<Boolean>> future : futures) {
        // Any other exception fails the test here; a hang fails it with a timeout.
        outcomes.add(future.get(NO_HANG.toSeconds(), TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }

    h.engine.awaitTerminated(NO_HANG);
    assertThat(h.engine.state()).isEqualTo(Service.State.TERMINATED);
    EngineReport report = h.engine.report();
    assertThat(report.state()).isEqualTo("stopped");
    assertThat(report.error()).isNull();
    assertThat(report.manifolds().values())
        .extracting(ManifoldReport::state)
        .containsOnly("stopped");
    // Once refused, never accepted again: each installer's outcomes are accepts, then refusals.
    for (List<Boolean> accepted : outcomes) {
      assertThat(
              accepted.indexOf(false) < 0
                  || !accepted.subList(accepted.indexOf(false), perInstaller).contains(true))
          .as("accepted after a refusal: %s", accepted)
          .isTrue();
    }
    // Every worker an accepted install made has stopped, or was never started.
    assertThat(h.allWorkers())
        .allMatch(
            w -> w.state() == Service.State.TERMINATED || w.state() == Service.State.NEW,
            "stopped or never started");
  }

  // ------------------------------------------------------------------ JSON

  @Test
  @DisplayName("JSON: the engine report serialises with exactly the contract's keys")
  void jsonHasExactlyTheContractKeys() throws IOException {
    h.start(reporting("agent"), h.manifold("spool", "agent").build());
    h.runLong();
    ((ReportingWorker) h.workers.get("agent").get(0)).own = ImmutableMap.of("reloads", 0);
    h.engine.install(h.manifold("sender", "spool", "backend").build());
    h.runLong();

    JsonNode root = json(h.engine.report());
    assertThat(fieldNames(root)).containsExactly("state", "manifolds");
    JsonNode manifolds = root.get("manifolds");
    assertThat(fieldNames(manifolds)).containsExactly("agent", "sender", "spool");
    manifolds.forEach(m -> assertThat(fieldNames(m)).isSubsetOf(MANIFOLD_KEYS));
    assertThat(fieldNames(manifolds.get("agent")))
        .containsExactly("state", "start-count", "started", "report");
    assertThat(fieldNames(manifolds.get("spool")))
        .containsExactly("state", "inputs", "start-count", "started");
    assertThat(fieldNames(manifolds.get("sender"))).containsExactly("state", "inputs", "error");
    assertThat(manifolds.get("spool").get("start-count").isInt()).isTrue();
    assertThat(manifolds.get("spool").get("started").isTextual()).isTrue();
  }

  @Test
  @DisplayName("JSON: an engine that failed reports its error under error")
  void jsonOfAFailedEngineHasItsError() throws IOException {
    h.start(h.manifold("a").build());
    h.worker("a").fail(new FatalException("disk on fire"));
    await().atMost(NO_HANG).until(() -> h.engine.state() == Service.State.FAILED);

    EngineReport report = h.engine.report();
    assertThat(report.state()).isEqualTo("stopped");
    assertThat(report.error()).isEqualTo("disk on fire");
    JsonNode root = json(report);
    assertThat(fieldNames(root)).containsExactly("state", "error", "manifolds");
    assertThat(root)
        .isEqualTo(
            tree(
                "{\"state\":\"stopped\",\"error\":\"disk on fire\",\"manifolds\":{\"a\":"
                    + "{\"state\":\"stopped\",\"start-count\":1,\"started\":\"2026-01-01T00:00:00Z\","
                    + "\"error\":\"disk on fire\"}}}"));
  }

  @Test
  @DisplayName("JSON: a full report matches the golden document")
  void jsonMatchesGoldenDocument() throws IOException {
    // 00:00:00 the agent starts; it reports its own map.
    h.start(reporting("agent"));
    ((ReportingWorker) h.workers.get("agent").get(0)).own =
        ImmutableMap.of("config", "agent.yaml", "reloads", 2);
    // 00:01:30 the spool and the sender are installed; the sender's backend never is.
    h.runFor(Duration.ofSeconds(90));
    h.engine.install(h.manifold("spool", "agent").build());
    h.settle();
    h.engine.install(h.manifold("sender", "spool", "backend").build());
    h.settle();
    // The spool fails once and is running again 25 ms later.
    h.worker("spool").fail(new IllegalStateException("disk full"));
    h.runFor(Duration.ofSeconds(1));
    // 00:01:31 a collector starts and fails; its restart is still 25 ms away.
    h.engine.install(h.manifold("collector").build());
    h.settle();
    h.worker("collector").fail(new IllegalStateException("connection refused"));
    h.settle();

    assertThat(json(h.engine.report())).isEqualTo(golden("engine-report.json"));
  }

  // ------------------------------------------------------------------ helpers

  private JsonNode json(EngineReport report) throws IOException {
    return mapper.readTree(mapper.writeValueAsString(report));
  }

  private JsonNode tree(String json) throws IOException {
    return mapper.readTree(json);
  }

  private JsonNode golden(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/golden/" + name)) {
      assertThat(in).as("golden file %s", name).isNotNull();
      return mapper.readTree(new String(in.readAllBytes(), UTF_8));
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static <T> List<Future<T>> submitAll(ExecutorService pool, List<Callable<T>> tasks) {
    List<Future<T>> futures = new ArrayList<>();
    tasks.forEach(t -> futures.add(pool.submit(t)));
    return futures;
  }
}
