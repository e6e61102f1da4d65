package io.windlass.spool.socket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.spool.ingest.socket.IngestClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client is told when the agent's socket refuses it or is not there. Peers of another user,
 * as real processes, are {@link SocketListenerPeerGroupsIT}.
 */
class SocketListenerPeerGroupsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  private final List<SocketListener> listeners = new ArrayList<>();

  @AfterEach
  void stop() {
    for (SocketListener listener : listeners) {
      listener.stopAsync().awaitTerminated();
    }
  }

  @Test
  void aClientThePolicyRefusesIsToldPermissionDeniedNotThatNoAgentRuns() throws Exception {
    Path path = dir.resolve("test.sock");
    SocketListener listener =
        new SocketListener(
            path,
            connection -> connection.output().write("ok\n".getBytes(UTF_8)),
            SocketListener.Settings.defaults().withPeerPolicy((peer, agentUid) -> false));
    listeners.add(listener);
    listener.startAsync().awaitRunning(WAIT);

    assertThatThrownBy(() -> TriggerClient.trigger(path, WAIT))
        .isInstanceOfSatisfying(
            UnreachableSocketException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(UnreachableSocketException.Reason.REFUSED_BY_AGENT))
        .hasMessageStartingWith("permission denied: " + path + " (the agent refused this user, ");
  }

  @Test
  void anIngestClientThePolicyRefusesIsToldPermissionDenied() throws Exception {
    Path path = dir.resolve("ingest.sock");
    SocketListener listener =
        new SocketListener(
            path,
            connection -> connection.output().write("ok\n".getBytes(UTF_8)),
            SocketListener.Settings.defaults().withPeerPolicy((peer, agentUid) -> false));
    listeners.add(listener);
    listener.startAsync().awaitRunning(WAIT);

    assertThatThrownBy(() -> IngestClient.send(path, "n=1", WAIT))
        .isInstanceOfSatisfying(
            UnreachableSocketException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(UnreachableSocketException.Reason.REFUSED_BY_AGENT))
        .hasMessageStartingWith("permission denied: " + path + " (the agent refused this user, ");
  }

  /**
   * Covers a bug where an ingest client the policy refuses was at times told "Socket is closed":
   * its writer thread's request met the closed connection, and junixsocket closed the whole socket
   * on the broken pipe before the reader had read the refusal. Many lines make the writer still be
   * writing when the refusal comes.
   */
  @Test
  void anIngestClientThePolicyRefusesIsToldPermissionDeniedWhileItIsStillWriting()
      throws Exception {
    Path path = dir.resolve("ingest.sock");
    SocketListener listener =
        new SocketListener(
            path,
            connection -> connection.output().write("ok\n".getBytes(UTF_8)),
            SocketListener.Settings.defaults()
                .withTimeout(WAIT)
                .withPeerPolicy((peer, agentUid) -> false));
    listeners.add(listener);
    listener.startAsync().awaitRunning(WAIT);
    List<String> lines = Collections.nCopies(64 * 1024, "n=1");

    for (int i = 0; i < 20; i++) {
      assertThatThrownBy(() -> IngestClient.pipeline(path, lines, (n, request, reply) -> {}, WAIT))
          .isInstanceOfSatisfying(
              UnreachableSocketException.class,
              e ->
                  assertThat(e.reason())
                      .isEqualTo(UnreachableSocketException.Reason.REFUSED_BY_AGENT));
    }
  }

  @Test
  void aMissingSocketIsNoAgentRunning() throws IOException {
    Path path = dir.resolve("none.sock");

    assertThatThrownBy(() -> TriggerClient.trigger(path, WAIT))
        .isInstanceOfSatisfying(
            UnreachableSocketException.class,
            e -> assertThat(e.reason()).isEqualTo(UnreachableSocketException.Reason.NO_SOCKET))
        .hasMessage("no agent is running: " + path + " does not exist");
  }
}
