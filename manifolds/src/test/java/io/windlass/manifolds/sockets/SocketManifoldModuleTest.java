package io.windlass.manifolds.sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.windlass.engine.Engine;
import io.windlass.engine.EngineConfig;
import io.windlass.engine.EngineModule;
import io.windlass.engine.ManifoldReport;
import io.windlass.manifolds.agent.AgentManifoldModule;
import io.windlass.manifolds.agent.AgentOptions;
import io.windlass.manifolds.config.ByteSize;
import io.windlass.manifolds.config.SocketSettings;
import io.windlass.manifolds.sockets.TriggerTargets.Trigger;
import io.windlass.manifolds.spool.SpoolManifoldModule;
import io.windlass.spool.Metric;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.MetricFactory;
import io.windlass.spool.MetricReader;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.socket.PeerCredentials;
import io.windlass.spool.socket.SocketListener;
import io.windlass.spool.socket.TriggerClient;
import io.windlass.spool.socket.TriggerException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The socket manifolds in a real engine, serving real unix sockets under a temporary data directory
 * (short: the socket address limit is 108 bytes).
 */
class SocketManifoldModuleTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final EngineConfig FAST =
      EngineConfig.builder()
          .errorDelay(Duration.ofMillis(20))
          .bounceDelay(Duration.ofMillis(1))
          .maxDelay(Duration.ofMillis(100))
          .stopTimeout(Duration.ofSeconds(5))
          .build();

  @TempDir Path dir;

  private Injector injector;
  private Engine engine;

  private Path data() {
    return dir.resolve("d");
  }

  private Path socket(String name) {
    return data().resolve("run").resolve(name);
  }

  private void start(AgentOptions options) {
    injector =
        Guice.createInjector(
            new EngineModule(FAST),
            new AgentManifoldModule(options),
            new SpoolManifoldModule(),
            new SocketManifoldModule());
    engine = injector.getInstance(Engine.class);
    engine.startAsync().awaitRunning();
    await()
        .untilAsserted(
            () ->
                assertThat(engine.report().manifolds().values())
                    .allSatisfy(report -> assertThat(report.state()).isEqualTo("started")));
  }

  private void start() {
    start(AgentOptions.of(null, data()));
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

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }

  /** Sends {@code lines}, ends its output, and reads every reply until the agent closes. */
  private static List<String> exchange(Path socket, String... lines) throws IOException {
    try (AFUNIXSocket connection = AFUNIXSocket.newInstance()) {
      connection.connect(AFUNIXSocketAddress.of(socket), (int) TIMEOUT.toMillis());
      connection.setSoTimeout((int) TIMEOUT.toMillis());
      OutputStream out = connection.getOutputStream();
      for (String line : lines) {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      }
      out.flush();
      connection.shutdownOutput();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8));
      List<String> replies = new ArrayList<>();
      for (String reply = in.readLine(); reply != null; reply = in.readLine()) {
        replies.add(reply);
      }
      return replies;
    }
  }

  @Test
  void servesEachSocketWithMode0600InAPrivateRunDirectory() throws IOException {
    start();

    assertThat(mode(data().resolve("run"))).isEqualTo("rwx------");
    for (String name : List.of("collect.sock", "send.sock", "ingest.sock")) {
      assertThat(socket(name)).as(name).exists();
      assertThat(Files.isRegularFile(socket(name))).as("%s is a socket", name).isFalse();
      assertThat(mode(socket(name))).as(name).isEqualTo("rw-------");
    }
    assertThat(data().resolve("spool")).isDirectory();
    ManifoldReport ingest = engine.report().manifold("ingest-socket");
    assertThat(ingest.inputs()).containsExactly("agent", "spool");
    assertThat(ingest.report()).containsEntry("socket", socket("ingest.sock").toString());
    assertThat(engine.report().manifold("collect-socket").inputs()).containsExactly("agent");
    assertThat(engine.report().manifold("send-socket").inputs()).containsExactly("agent");
  }

  @Test
  void aRunDirectoryThatExistsWithAWiderModeIsTightened() throws IOException {
    Files.createDirectories(data().resolve("run"));
    Files.setPosixFilePermissions(
        data().resolve("run"), PosixFilePermissions.fromString("rwxr-xr-x"));

    start();

    assertThat(mode(data().resolve("run"))).isEqualTo("rwx------");
  }

  @Test
  void anAllowedGroupGetsTheSocketsAndCanReachThem() throws IOException {
    Files.createDirectories(data());
    int gid = (Integer) Files.getAttribute(data(), "unix:gid");
    Path config =
        Files.writeString(dir.resolve("w.yaml"), "sockets:\n  allowed-gid: " + gid + "\n");

    start(AgentOptions.of(config, data()));

    assertThat(mode(data().resolve("run"))).isEqualTo("rwx--x---");
    assertThat(Files.getAttribute(data().resolve("run"), "unix:gid")).isEqualTo(gid);
    assertThat(mode(socket("send.sock"))).isEqualTo("rw-rw----");
    assertThat(Files.getAttribute(socket("send.sock"), "unix:gid")).isEqualTo(gid);
  }

  @Test
  void triggersWithNothingRegisteredSayNoWorkerIsRunning() {
    start();

    assertThatThrownBy(() -> TriggerClient.trigger(socket("collect.sock"), TIMEOUT))
        .isInstanceOf(TriggerException.class)
        .hasMessage("no collector is running");
    assertThatThrownBy(() -> TriggerClient.trigger(socket("send.sock"), TIMEOUT))
        .isInstanceOf(TriggerException.class)
        .hasMessage("no sender is running");
  }

  @Test
  void aTriggerRunsTheRegisteredActionUntilItIsRemoved() throws IOException {
    start();
    TriggerTargets targets = injector.getInstance(TriggerTargets.class);
    AtomicInteger sends = new AtomicInteger();
    TriggerTargets.Registration registration =
        targets.register(Trigger.SEND, connection -> sends.incrementAndGet());

    TriggerClient.trigger(socket("send.sock"), TIMEOUT);
    TriggerClient.trigger(socket("send.sock"), TIMEOUT);

    assertThat(sends).hasValue(2);
    assertThatThrownBy(() -> TriggerClient.trigger(socket("collect.sock"), TIMEOUT))
        .as("collect runs collectors only")
        .hasMessage("no collector is running");

    registration.close();

    assertThatThrownBy(() -> TriggerClient.trigger(socket("send.sock"), TIMEOUT))
        .hasMessage("no sender is running");
    assertThat(sends).hasValue(2);
  }

  @Test
  void aFailingActionIsAnsweredWithItsMessage() {
    start();
    injector
        .getInstance(TriggerTargets.class)
        .register(
            Trigger.COLLECT,
            connection -> {
              throw new IOException("input cpu timed out");
            });

    assertThatThrownBy(() -> TriggerClient.trigger(socket("collect.sock"), TIMEOUT))
        .isInstanceOf(TriggerException.class)
        .hasMessage("input cpu timed out");
  }

  @Test
  void ingestRecordsAcceptedLinesDurablyIntoTheAgentsSpool() throws IOException {
    start();

    List<String> replies =
        exchange(socket("ingest.sock"), "pings=5 pongs=6 --labels zone=a", "junk", "pings=NaN");

    assertThat(replies.get(0)).isEqualTo("ok");
    assertThat(replies.get(1)).startsWith("error: ");
    assertThat(replies.get(2)).startsWith("error: ");
    MetricFactory spool = spoolOf();
    try (MetricReader reader = spool.reader()) {
      List<MetricBatch> batches = reader.read();
      assertThat(batches).hasSize(1);
      MetricBatch batch = batches.get(0);
      assertThat(batch.charmUrl()).isEqualTo("local:ingest");
      assertThat(batch.metrics())
          .extracting(Metric::key, Metric::value)
          .containsExactly(tuple("pings", "5"), tuple("pongs", "6"));
      assertThat(batch.metrics()).allMatch(m -> m.labels().equals(java.util.Map.of("zone", "a")));
    }
  }

  /** A second view of the agent's spool directory, as another process would open it. */
  private MetricFactory spoolOf() throws IOException {
    SpoolDirectory directory = SpoolDirectory.open(data().resolve("spool"));
    opened.add(directory);
    return directory;
  }

  private final List<SpoolDirectory> opened = new ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void closeSpools() throws IOException {
    for (SpoolDirectory directory : opened) {
      directory.close();
    }
  }

  @Test
  void stoppingTheEngineRemovesTheSockets() {
    start();

    engine.stopAsync().awaitTerminated();

    assertThat(socket("collect.sock")).doesNotExist();
    assertThat(socket("send.sock")).doesNotExist();
    assertThat(socket("ingest.sock")).doesNotExist();
    assertThat(data().resolve("run")).isDirectory();
  }

  @Test
  void listenerSettingsComeFromTheSocketsSection() {
    SocketListener.Settings settings =
        SocketWorker.listenerSettings(
            new SocketSettings(
                9, ByteSize.ofKiB(4), Duration.ofMillis(1500), OptionalInt.of(1234)));

    assertThat(settings.maxConnections()).isEqualTo(9);
    assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(settings.sharedGroup()).isEqualTo(OptionalLong.of(1234));
    assertThat(settings.peerPolicy().permits(new PeerCredentials(1, 999, List.of(1234L)), 0))
        .as("a member of the allowed group")
        .isTrue();
    assertThat(SocketWorker.maxLineLength(SocketSettings.defaults())).isEqualTo(64 * 1024);
    assertThat(SocketWorker.listenerSettings(SocketSettings.defaults()).sharedGroup()).isEmpty();
  }
}
