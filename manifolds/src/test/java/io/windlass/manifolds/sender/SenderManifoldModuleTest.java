package io.windlass.manifolds.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.AbstractIdleService;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.multibindings.OptionalBinder;
import com.sun.net.httpserver.HttpServer;
import io.windlass.engine.Engine;
import io.windlass.engine.EngineConfig;
import io.windlass.engine.EngineModule;
import io.windlass.engine.ManifoldModule;
import io.windlass.engine.ManifoldReport;
import io.windlass.engine.testing.ManualEngineClock;
import io.windlass.manifolds.agent.AgentManifoldModule;
import io.windlass.manifolds.agent.AgentOptions;
import io.windlass.manifolds.agent.ConfigWatchSettings;
import io.windlass.manifolds.collector.CollectorManifoldModule;
import io.windlass.manifolds.config.AgentConfigReader;
import io.windlass.manifolds.config.SinkSettings;
import io.windlass.manifolds.config.SinkType;
import io.windlass.manifolds.sockets.SocketManifoldModule;
import io.windlass.manifolds.spool.SpoolManifoldModule;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricFactory;
import io.windlass.spool.MetricRecorder;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.socket.TriggerClient;
import io.windlass.spool.socket.TriggerException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/**
 * The {@code sender} manifold in a real engine on a real spool, sending to the JDK's HTTP server on
 * a loopback port. The config file is polled on a manual clock.
 */
class SenderManifoldModuleTest {
  private static final Duration POLL = Duration.ofSeconds(2);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Instant TIME = Instant.parse("2025-01-02T03:04:05Z");
  private static final EngineConfig FAST =
      EngineConfig.builder()
          .errorDelay(Duration.ofMillis(20))
          .bounceDelay(Duration.ofMillis(1))
          .maxDelay(Duration.ofMillis(100))
          .stopTimeout(Duration.ofSeconds(10))
          .build();

  @TempDir Path dir;

  private final ManualEngineClock pollClock = new ManualEngineClock();
  private Backend backend;
  private Engine engine;

  /** The backend: answers every request with {@code status}, or hangs while {@code hang} is set. */
  static final class Backend implements AutoCloseable {
    final HttpServer server;
    final ExecutorService executor = Executors.newCachedThreadPool();
    final List<byte[]> bodies = new CopyOnWriteArrayList<>();
    final AtomicInteger inHandler = new AtomicInteger();
    final CountDownLatch released = new CountDownLatch(1);
    volatile int status = 204;
    volatile boolean hang;

    Backend() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(executor);
      server.createContext(
          "/",
          exchange -> {
            inHandler.incrementAndGet();
            try (exchange) {
              bodies.add(Snappy.uncompress(exchange.getRequestBody().readAllBytes()));
              if (hang) {
                released.await();
              }
              exchange.sendResponseHeaders(status, -1);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              inHandler.decrementAndGet();
            }
          });
      server.start();
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write");
    }

    String received() {
      StringBuilder text = new StringBuilder();
      bodies.forEach(body -> text.append(new String(body, StandardCharsets.UTF_8)));
      return text.toString();
    }

    @Override
    public void close() {
      released.countDown();
      server.stop(0);
      executor.shutdownNow();
    }
  }

  /** Records one batch into the spool when it starts. */
  static final class RecorderWorker extends AbstractIdleService {
    private final MetricFactory factory;

    @Inject
    RecorderWorker(MetricFactory factory) {
      this.factory = factory;
    }

    @Override
    protected void startUp() throws IOException {
      MetricRecorder recorder = factory.recorder(DeclaredMetrics.any(), "local:test", "agent-t");
      recorder.addMetric("pings.total", "5", TIME, Map.of("zone", "a"));
      recorder.close();
    }

    @Override
    protected void shutDown() {}
  }

  private void start(Path config, boolean recorder, boolean collector) {
    List<com.google.inject.Module> modules =
        new java.util.ArrayList<>(
            List.of(
                new EngineModule(FAST),
                new AgentManifoldModule(AgentOptions.of(config, data())),
                new SpoolManifoldModule(),
                new SocketManifoldModule(),
                new SenderManifoldModule(),
                new AbstractModule() {
                  @Override
                  protected void configure() {
                    OptionalBinder.newOptionalBinder(binder(), ConfigWatchSettings.class)
                        .setBinding()
                        .toInstance(new ConfigWatchSettings(POLL, pollClock));
                  }
                }));
    if (recorder) {
      modules.add(
          new ManifoldModule() {
            @Override
            protected void configureManifolds() {
              manifold("recorder").worker(RecorderWorker.class);
            }
          });
    }
    if (collector) {
      modules.add(new CollectorManifoldModule());
    }
    engine = Guice.createInjector(modules).getInstance(Engine.class);
    engine.startAsync().awaitRunning();
  }

  @AfterEach
  void stopEverything() {
    if (engine != null) {
      engine.stopAsync().awaitTerminated();
    }
    if (backend != null) {
      backend.close();
    }
  }

  private Path data() {
    return dir.resolve("d");
  }

  private Path socket(String name) {
    return data().resolve("run").resolve(name);
  }

  private static ConditionFactory await() {
    return org.awaitility.Awaitility.await()
        .atMost(TIMEOUT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5));
  }

  private ManifoldReport manifold(String name) {
    return engine.report().manifold(name);
  }

  private void awaitState(String name, String state, int startCount) {
    await()
        .untilAsserted(
            () -> {
              assertThat(manifold(name).state()).isEqualTo(state);
              assertThat(manifold(name).startCount()).isEqualTo(startCount);
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

  private Path sinkConfig(String extra) throws IOException {
    return writeConfig("inputs: []\nsink:\n  url: " + backend.url() + "\n  interval: 1h\n" + extra);
  }

  private void pollTwice() {
    for (int i = 0; i < 2; i++) {
      await().until(() -> pollClock.pendingTimers() == 1);
      pollClock.advance(POLL);
    }
  }

  private int spooledBatches() throws IOException {
    try (SpoolDirectory spool = SpoolDirectory.open(data().resolve("spool"))) {
      return spool.reader().read().size();
    }
  }

  @Test
  void theSenderHasAsManyRequestsInFlightAsTheSinkSectionSays() {
    SinkSettings sink =
        new AgentConfigReader(() -> "host")
            .parse("windlass.yaml", "sink:\n  url: http://127.0.0.1:9/w\n  concurrency: 7\n")
            .sink();

    assertThat(SenderManifoldWorker.settings(sink).concurrency()).isEqualTo(7);
    assertThat(
            SenderManifoldWorker.settings(
                    SinkSettings.defaults()
                        .withUrl(
                            SinkType.PROMETHEUS_REMOTE_WRITE, URI.create("http://127.0.0.1:9/")))
                .concurrency())
        .isEqualTo(4);
  }

  @Test
  void withoutASinkUrlTheSenderCompletesAndSendSockSaysNoSenderIsRunning() throws Exception {
    start(writeConfig("inputs: []\n"), false, false);

    awaitState("send-socket", "started", 1);
    awaitState(SenderManifoldModule.SENDER, "stopped", 1);
    ManifoldReport sender = manifold(SenderManifoldModule.SENDER);
    assertThat(sender.error()).isNull();
    assertThat(sender.inputs()).containsExactlyInAnyOrder("agent", "spool");
    assertThat(sender.report()).as("a completed worker reports nothing").isEmpty();
    assertThatThrownBy(() -> TriggerClient.trigger(socket("send.sock"), TIMEOUT))
        .isInstanceOf(TriggerException.class)
        .hasMessage("no sender is running");
  }

  @Test
  void forwardsTheSpoolToTheSinkOnSendSockAndReportsTheCounters() throws Exception {
    backend = new Backend();
    start(sinkConfig(""), true, false);
    awaitState("recorder", "started", 1);
    awaitState(SenderManifoldModule.SENDER, "started", 1);
    awaitState(SocketManifoldModule.SEND_SOCKET, "started", 1);

    TriggerClient.trigger(socket("send.sock"), TIMEOUT);

    assertThat(backend.received()).contains("pings_total", "local:test", "agent-t", "zone");
    assertThat(spooledBatches()).isZero();
    Map<String, Object> report = manifold(SenderManifoldModule.SENDER).report();
    assertThat(report)
        .containsEntry("type", "prometheus-remote-write")
        .containsEntry("sink", backend.url().toString())
        .containsEntry("sent-batches", 1L)
        .containsEntry("sent-metrics", 1L)
        .containsEntry("rejected-batches", 0L)
        .containsEntry("rejected-metrics", 0L)
        .containsEntry("failed-requests", 0L)
        .doesNotContainKeys("last-error", "retry-at");
  }

  @Test
  void sendSockAnswersAnErrorWhenTheBackendFailsAndTheReportSaysWhenItRetries() throws Exception {
    backend = new Backend();
    backend.status = 503;
    start(sinkConfig("  retry-min: 1h\n  retry-max: 2h\n"), true, false);
    awaitState("recorder", "started", 1);
    awaitState(SenderManifoldModule.SENDER, "started", 1);
    awaitState(SocketManifoldModule.SEND_SOCKET, "started", 1);

    assertThatThrownBy(() -> TriggerClient.trigger(socket("send.sock"), TIMEOUT))
        .isInstanceOf(TriggerException.class)
        .hasMessageStartingWith("sent 0 batches; the rest stay in the spool: HTTP 503 from ");

    Map<String, Object> report = manifold(SenderManifoldModule.SENDER).report();
    assertThat((Long) report.get("failed-requests")).isPositive();
    assertThat((String) report.get("last-error")).startsWith("HTTP 503 from " + backend.url());
    assertThat(Instant.parse((String) report.get("retry-at"))).isAfter(Instant.now());
    assertThat(spooledBatches()).isEqualTo(1);
  }

  @Test
  void aSinkAddedToTheConfigStartsTheSender() throws Exception {
    backend = new Backend();
    start(writeConfig("inputs: []\n"), true, false);
    awaitState(SenderManifoldModule.SENDER, "stopped", 1);

    sinkConfig("");
    pollTwice();

    awaitState(SenderManifoldModule.SENDER, "started", 2);
    assertThat(manifold(SenderManifoldModule.SENDER).report())
        .containsEntry("sink", backend.url().toString());
    // The sender's first round may come before the recorder's batch is durable (a config change
    // restarts it too); what is spooled by then is sent on the next round, which send.sock asks
    // for at once instead of in an hour.
    await().until(() -> manifold("recorder").state().equals("started"));
    await().until(() -> manifold(SocketManifoldModule.SEND_SOCKET).state().equals("started"));
    TriggerClient.trigger(socket("send.sock"), TIMEOUT);
    assertThat(backend.received()).contains("pings_total");
  }

  @Test
  void aReservedHeaderIsAConfigProblemAndNoSenderStarts() throws Exception {
    backend = new Backend();
    start(sinkConfig("  headers: {Content-Type: text/plain}\n"), false, false);

    await()
        .untilAsserted(
            () ->
                assertThat(manifold(AgentManifoldModule.AGENT).error())
                    .contains("sink.headers.Content-Type: is set by the sender"));
    // The sender learns that its input is not running once the engine tries to start it, which may
    // come after the agent's failure is reported.
    await()
        .untilAsserted(
            () ->
                assertThat(manifold(SenderManifoldModule.SENDER).error())
                    .contains("is not running"));
  }

  /**
   * Covers a bug where {@code send.sock} against a hung backend waited until the connection's
   * deadline, so that the listener closed the connection before the answer was written and the
   * client read "the agent closed the connection without an answer".
   */
  @Test
  void sendSockAgainstAHungBackendSaysTheRoundIsStillRunning() throws Exception {
    backend = new Backend();
    backend.hang = true;
    start(
        writeConfig(
            "inputs: []\nsockets:\n  timeout: 1s\nsink:\n  url: "
                + backend.url()
                + "\n  interval: 1h\n  timeout: 10m\n"),
        true,
        false);
    awaitState("recorder", "started", 1);
    awaitState(SenderManifoldModule.SENDER, "started", 1);
    awaitState(SocketManifoldModule.SEND_SOCKET, "started", 1);

    assertThatThrownBy(() -> TriggerClient.trigger(socket("send.sock"), TIMEOUT))
        .isInstanceOf(TriggerException.class)
        .hasMessage("send round still running after 1s; it goes on in the background");
    assertThat(backend.inHandler.get()).as("the round still waits on the backend").isEqualTo(1);
    assertThat(spooledBatches()).isEqualTo(1);
  }

  /** The collector never waits on the sender: a hung backend holds only the sender's thread. */
  @Test
  void aHungBackendDoesNotDelayCollection() throws Exception {
    backend = new Backend();
    backend.hang = true;
    Path config =
        writeConfig(
            "inputs:\n  - {type: load, interval: 1h}\n"
                + "sink:\n  url: "
                + backend.url()
                + "\n  interval: 1h\n  timeout: 10m\n");
    start(config, true, true);
    awaitState("recorder", "started", 1);
    awaitState(SenderManifoldModule.SENDER, "started", 1);
    awaitState(SocketManifoldModule.SEND_SOCKET, "started", 1);
    awaitState(SocketManifoldModule.COLLECT_SOCKET, "started", 1);
    // A send round that hangs; the trigger's own answer is not awaited.
    java.util.concurrent.CompletableFuture.runAsync(
        () -> {
          try {
            TriggerClient.trigger(socket("send.sock"), Duration.ofSeconds(1));
          } catch (IOException e) {
            // No answer within its deadline: the round is hung, as intended.
          }
        });
    await().until(() -> backend.inHandler.get() == 1);
    awaitState(CollectorManifoldModule.COLLECTOR, "started", 1);
    int before = spooledBatches();

    for (int i = 0; i < 3; i++) {
      TriggerClient.trigger(socket("collect.sock"), TIMEOUT);
    }

    assertThat(spooledBatches()).isEqualTo(before + 3);
    assertThat(backend.inHandler.get()).as("the sender is still waiting").isEqualTo(1);
    assertThat(backend.bodies).hasSize(1);
  }
}
