package io.windlass.spool.socket;

import static io.windlass.spool.socket.TestSockets.connect;
import static io.windlass.spool.socket.TestSockets.fileKey;
import static io.windlass.spool.socket.TestSockets.readLine;
import static io.windlass.spool.socket.TestSockets.readUntilClosed;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.Service;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

class SocketListenerTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  private final List<Service> services = new ArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void tearDown() throws Exception {
    release.countDown();
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
    for (Service service : services) {
      service.stopAsync();
    }
    for (Service service : services) {
      try {
        service.awaitTerminated(WAIT);
      } catch (IllegalStateException e) {
        // failed on purpose
      }
    }
  }

  private SocketListener start(Path path, ConnectionHandler handler, SocketListener.Settings s)
      throws Exception {
    SocketListener listener = new SocketListener(path, handler, s);
    services.add(listener);
    listener.startAsync().awaitRunning(WAIT);
    return listener;
  }

  private SocketListener start(Path path, ConnectionHandler handler) throws Exception {
    return start(path, handler, SocketListener.Settings.defaults());
  }

  private static ConnectionHandler hello() {
    return connection -> connection.output().write("Hello socket.\n".getBytes(UTF_8));
  }

  private <T extends AutoCloseable> T closeLater(T closeable) {
    closeables.add(closeable);
    return closeable;
  }

  @Test
  void servesEachConnectionWithTheHandlerAndClosesIt() throws Exception {
    Path path = dir.resolve("test.sock");
    start(path, hello());

    try (AFUNIXSocket client = connect(path)) {
      assertThat(readUntilClosed(client)).isEqualTo("Hello socket.\n");
    }
    try (AFUNIXSocket client = connect(path)) {
      assertThat(readUntilClosed(client)).isEqualTo("Hello socket.\n");
    }
  }

  @Test
  void socketFileHasMode0600AndNothingElseIsLeftInTheDirectory() throws Exception {
    Path path = dir.resolve("test.sock");
    start(path, hello());

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
        .isEqualTo("rw-------");
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("test.sock", ".test.sock.lock", ".test.sock.bind");
    }
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(".test.sock.bind"))))
        .isEqualTo("rwx------");
    try (var files = Files.list(dir.resolve(".test.sock.bind"))) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("s");
    }
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(".test.sock.lock"))))
        .isEqualTo("rw-------");
  }

  @Test
  void sharedGroupGivesTheSocketThatGroupAndMode0660() throws Exception {
    Path path = dir.resolve("test.sock");
    int gid = (Integer) Files.getAttribute(dir, "unix:gid");
    start(path, hello(), SocketListener.Settings.defaults().withSharedGroup(gid));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
        .isEqualTo("rw-rw----");
    assertThat(Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(gid);
    try (AFUNIXSocket client = connect(path)) {
      assertThat(readUntilClosed(client)).isEqualTo("Hello socket.\n");
    }
  }

  @Test
  void staleSocketFileAndBindDirectoryLeftByACrashAreReplaced() throws Exception {
    Path path = dir.resolve("test.sock");
    Path leftover = Files.createDirectory(dir.resolve(".test.sock.bind"));
    Files.writeString(leftover.resolve("s"), "");
    Files.writeString(leftover.resolve("t"), "");
    AFUNIXServerSocket dead = AFUNIXServerSocket.newInstance();
    dead.setDeleteOnClose(false);
    dead.bind(AFUNIXSocketAddress.of(path));
    dead.close();
    Object staleKey = fileKey(path);

    start(path, hello());

    assertThat(fileKey(path)).isNotEqualTo(staleKey);
    try (AFUNIXSocket client = connect(path)) {
      assertThat(readUntilClosed(client)).isEqualTo("Hello socket.\n");
    }
  }

  /**
   * Watches the path while stale sockets are replaced: it never disappears and never has a wider
   * mode. (A watcher can miss a short window; by construction there is none: the socket is bound
   * and chmod-ed in a private directory and renamed over the path.)
   */
  @Test
  /**
   * Covers a flaw in an earlier version of this test: with a boolean "starting" flag, a watcher
   * preempted across two iterations could attribute the next iteration's stale (wider) socket to a
   * start. An odd generation number marks one start; a reading counts only if the generation is the
   * same odd number before and after it.
   */
  void replacingAStaleSocketNeverShowsAMissingOrWiderFile() throws Exception {
    Path path = dir.resolve("test.sock");
    Set<String> seen = ConcurrentHashMap.newKeySet();
    AtomicInteger generation = new AtomicInteger();
    AtomicBoolean done = new AtomicBoolean();
    Thread watcher =
        new Thread(
            () -> {
              while (!done.get()) {
                int before = generation.get();
                String state;
                try {
                  state =
                      PosixFilePermissions.toString(
                          Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
                } catch (IOException e) {
                  state = "missing";
                }
                if (before % 2 == 1 && generation.get() == before) {
                  seen.add(state);
                }
              }
            });
    watcher.start();

    for (int i = 0; i < 20; i++) {
      AFUNIXServerSocket dead = AFUNIXServerSocket.newInstance();
      dead.setDeleteOnClose(false);
      dead.bind(AFUNIXSocketAddress.of(path));
      dead.close();
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
      SocketListener listener = new SocketListener(path, hello());
      generation.incrementAndGet(); // odd: starting
      listener.startAsync().awaitRunning(WAIT);
      generation.incrementAndGet(); // even: started
      listener.stopAsync().awaitTerminated(WAIT);
    }
    done.set(true);
    watcher.join(WAIT.toMillis());

    assertThat(seen).containsOnly("rw-------");
  }

  @Test
  void liveSocketOfAnotherProcessIsRefusedAndLeftAlone() throws Exception {
    Path path = dir.resolve("test.sock");
    AFUNIXServerSocket live = closeLater(AFUNIXServerSocket.newInstance());
    live.bind(AFUNIXSocketAddress.of(path));
    Object liveKey = fileKey(path);

    SocketListener listener = new SocketListener(path, hello());
    services.add(listener);
    listener.startAsync();

    assertThatThrownBy(() -> listener.awaitRunning(WAIT)).isInstanceOf(IllegalStateException.class);
    assertThat(listener.failureCause())
        .isInstanceOf(SocketInUseException.class)
        .hasMessage("socket " + path + " is in use: another process is listening on it");
    assertThat(fileKey(path)).isEqualTo(liveKey);
    try (AFUNIXSocket client = connect(path)) {
      assertThat(client.isConnected()).isTrue();
    }
  }

  @Test
  void secondListenerOnTheSamePathIsRefusedWithoutTouchingTheFirst() throws Exception {
    Path path = dir.resolve("test.sock");
    AtomicInteger handled = new AtomicInteger();
    start(
        path,
        connection -> {
          handled.incrementAndGet();
          connection.output().write("first\n".getBytes(UTF_8));
        });

    SocketListener second = new SocketListener(path, hello());
    services.add(second);
    second.startAsync();

    assertThatThrownBy(() -> second.awaitRunning(WAIT)).isInstanceOf(IllegalStateException.class);
    assertThat(second.failureCause())
        .isInstanceOf(SocketInUseException.class)
        .hasMessage("socket " + path + " is in use: another listener holds its lock file");
    assertThat(handled).hasValue(0);
    try (AFUNIXSocket client = connect(path)) {
      assertThat(readUntilClosed(client)).isEqualTo("first\n");
    }
  }

  @Test
  void fileThatIsNotASocketIsNotReplaced() throws Exception {
    Path path = dir.resolve("test.sock");
    Files.writeString(path, "precious");

    SocketListener listener = new SocketListener(path, hello());
    services.add(listener);
    listener.startAsync();

    assertThatThrownBy(() -> listener.awaitRunning(WAIT)).isInstanceOf(IllegalStateException.class);
    assertThat(listener.failureCause())
        .hasMessage(path + " exists and is not a socket; refusing to replace it");
    assertThat(Files.readString(path)).isEqualTo("precious");
  }

  @Test
  void pathTooLongForASocketAddressIsRefused() throws Exception {
    Path path = dir.resolve("x".repeat(120) + ".sock");

    SocketListener listener = new SocketListener(path, hello());
    services.add(listener);
    listener.startAsync();

    assertThatThrownBy(() -> listener.awaitRunning(WAIT)).isInstanceOf(IllegalStateException.class);
    assertThat(listener.failureCause())
        .hasMessageStartingWith("socket path " + path + " is too long")
        .hasMessageEndingWith("a unix socket path holds at most 107");
  }

  @Test
  void peerOfTheSameUserIsAcceptedAndItsCredentialsGivenToTheHandler() throws Exception {
    Path path = dir.resolve("test.sock");
    AtomicReference<PeerCredentials> seen = new AtomicReference<>();
    start(
        path,
        connection -> {
          seen.set(connection.peer());
          connection.output().write("ok\n".getBytes(UTF_8));
        });

    try (AFUNIXSocket client = connect(path)) {
      assertThat(readUntilClosed(client)).isEqualTo("ok\n");
    }
    long ownUid = ((Integer) Files.getAttribute(path, "unix:uid")).longValue();
    assertThat(seen.get().uid()).isEqualTo(ownUid);
    assertThat(seen.get().pid()).isEqualTo(ProcessHandle.current().pid());
  }

  @Test
  void peerThePolicyRefusesGetsOneErrorLineAndIsClosedUnhandled() throws Exception {
    Path path = dir.resolve("test.sock");
    AtomicInteger handled = new AtomicInteger();
    AtomicReference<PeerCredentials> asked = new AtomicReference<>();
    AtomicLong agentUid = new AtomicLong(-2);
    PeerPolicy refuseAll =
        (peer, uid) -> {
          asked.set(peer);
          agentUid.set(uid);
          return false;
        };
    start(
        path,
        connection -> handled.incrementAndGet(),
        SocketListener.Settings.defaults().withPeerPolicy(refuseAll));

    try (AFUNIXSocket client = connect(path)) {
      assertThat(readUntilClosed(client)).isEqualTo("error: permission denied\n");
    }
    assertThat(handled).hasValue(0);
    assertThat(asked.get().pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(agentUid.get())
        .isEqualTo(((Integer) Files.getAttribute(path, "unix:uid")).longValue());
  }

  @Test
  void connectionsBeyondTheLimitGetTooManyConnectionsAndAreClosed() throws Exception {
    Path path = dir.resolve("test.sock");
    SocketListener listener =
        start(
            path,
            connection -> {
              release.await();
              connection.output().write("served\n".getBytes(UTF_8));
            },
            SocketListener.Settings.defaults().withMaxConnections(2));

    AFUNIXSocket first = closeLater(connect(path));
    AFUNIXSocket second = closeLater(connect(path));
    await().atMost(WAIT).until(listener::connectionsInProgress, n -> n == 2);

    try (AFUNIXSocket third = connect(path)) {
      assertThat(readUntilClosed(third)).isEqualTo("error: too many connections\n");
    }

    release.countDown();
    assertThat(readUntilClosed(first)).isEqualTo("served\n");
    assertThat(readUntilClosed(second)).isEqualTo("served\n");
    await().atMost(WAIT).until(listener::connectionsInProgress, n -> n == 0);
    try (AFUNIXSocket fourth = connect(path)) {
      assertThat(readUntilClosed(fourth)).isEqualTo("served\n");
    }
  }

  /**
   * Covers a bug where a refused client that wrote its request before reading was told nothing: the
   * listener closed the connection right after the refusal, the client's write then failed with a
   * broken pipe, and junixsocket closed the whole socket on it, discarding the unread refusal. The
   * request here is larger than the socket's buffers, so the write is still under way when the
   * listener is done with the refusal.
   */
  @Test
  void aRefusedPeerThatWritesALargeRequestBeforeReadingStillGetsTheReason() throws Exception {
    Path path = dir.resolve("test.sock");
    start(
        path,
        connection -> connection.output().write("ok\n".getBytes(UTF_8)),
        SocketListener.Settings.defaults().withTimeout(WAIT).withPeerPolicy((peer, uid) -> false));

    for (int i = 0; i < 20; i++) {
      try (AFUNIXSocket client = connect(path)) {
        assertThat(writeThenReadUntilClosed(client)).isEqualTo("error: permission denied\n");
      }
    }
  }

  /** As {@link #aRefusedPeerThatWritesALargeRequestBeforeReadingStillGetsTheReason} when busy. */
  @Test
  void aPeerBeyondTheLimitThatWritesALargeRequestBeforeReadingStillGetsTheReason()
      throws Exception {
    Path path = dir.resolve("test.sock");
    SocketListener listener =
        start(
            path,
            connection -> release.await(),
            SocketListener.Settings.defaults().withTimeout(WAIT).withMaxConnections(1));
    closeLater(connect(path));
    await().atMost(WAIT).until(listener::connectionsInProgress, n -> n == 1);

    for (int i = 0; i < 20; i++) {
      try (AFUNIXSocket client = connect(path)) {
        assertThat(writeThenReadUntilClosed(client)).isEqualTo("error: too many connections\n");
      }
    }
  }

  @Test
  void refusedConnectionsBeingDrainedAreClosedWhenTheListenerStops() throws Exception {
    Path path = dir.resolve("test.sock");
    SocketListener listener =
        start(
            path,
            connection -> {},
            SocketListener.Settings.defaults()
                .withTimeout(Duration.ofMinutes(10))
                .withPeerPolicy((peer, uid) -> false));
    AFUNIXSocket silent = closeLater(connect(path));
    assertThat(readLine(silent)).isEqualTo("error: permission denied");

    listener.stopAsync().awaitTerminated(WAIT);

    assertThat(readUntilClosed(silent)).isEmpty();
  }

  /** Writes a request larger than the socket's buffers, shuts the output, reads everything. */
  private static String writeThenReadUntilClosed(AFUNIXSocket client) throws IOException {
    byte[] request = "n=1\n".repeat(256 * 1024).getBytes(UTF_8);
    client.getOutputStream().write(request);
    client.shutdownOutput();
    return readUntilClosed(client);
  }

  @Test
  void clientThatSendsNothingIsCutOffAtTheDeadline() throws Exception {
    Path path = dir.resolve("test.sock");
    AtomicReference<Connection> handled = new AtomicReference<>();
    CountDownLatch readEnded = new CountDownLatch(1);
    SocketListener listener =
        start(
            path,
            connection -> {
              handled.set(connection);
              try {
                connection.input().read(); // the client never sends
              } finally {
                readEnded.countDown();
              }
            },
            SocketListener.Settings.defaults().withTimeout(Duration.ofMillis(200)));

    long started = System.nanoTime();
    try (AFUNIXSocket client = connect(path)) {
      assertThat(readUntilClosed(client)).isEmpty();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(readEnded.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(handled.get().isCutOff()).isTrue();
    assertThat(handled.get().isEndOfStreamFromClient()).isFalse();
    await().atMost(WAIT).until(listener::connectionsInProgress, n -> n == 0);
  }

  @Test
  void clientThatStopsReadingIsCutOffAtTheDeadline() throws Exception {
    Path path = dir.resolve("test.sock");
    AtomicReference<Exception> failure = new AtomicReference<>();
    start(
        path,
        connection -> {
          byte[] chunk = new byte[64 * 1024];
          try {
            while (true) {
              connection.output().write(chunk); // the client never reads
            }
          } catch (IOException e) {
            failure.set(e);
            throw e;
          }
        },
        SocketListener.Settings.defaults().withTimeout(Duration.ofMillis(200)));

    try (AFUNIXSocket client = closeLater(connect(path))) {
      await().atMost(WAIT).until(() -> failure.get() != null);
    }
  }

  @Test
  void stopClosesTheServerRemovesTheFileAndLetsHandlersFinish() throws Exception {
    Path path = dir.resolve("test.sock");
    SocketListener listener =
        start(
            path,
            connection -> {
              InputStream in = connection.input();
              byte[] request = in.readAllBytes(); // ends when stop shuts the input
              connection.output().write(("bye after " + request.length + "\n").getBytes(UTF_8));
            });
    AFUNIXSocket client = closeLater(connect(path));
    client.getOutputStream().write("abc".getBytes(UTF_8));
    await().atMost(WAIT).until(listener::connectionsInProgress, n -> n == 1);

    listener.stopAsync().awaitTerminated(WAIT);

    assertThat(readUntilClosed(client)).isEqualTo("bye after 3\n");
    assertThat(Files.exists(path, LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThatThrownBy(() -> connect(path)).isInstanceOf(IOException.class);
  }

  @Test
  void stopClosesConnectionsWhoseHandlersOutlastTheStopTimeout() throws Exception {
    Path path = dir.resolve("test.sock");
    CountDownLatch never = new CountDownLatch(1);
    SocketListener listener =
        start(
            path,
            connection -> never.await(),
            SocketListener.Settings.defaults().withStopTimeout(Duration.ofMillis(100)));
    AFUNIXSocket client = closeLater(connect(path));
    await().atMost(WAIT).until(listener::connectionsInProgress, n -> n == 1);

    listener.stopAsync().awaitTerminated(WAIT);

    assertThat(readUntilClosed(client)).isEmpty();
    assertThat(listener.connectionsInProgress()).isZero();
  }

  @Test
  void stopLeavesASocketThatReplacedOursAlone() throws Exception {
    Path path = dir.resolve("test.sock");
    SocketListener listener = start(path, hello());
    Path other = dir.resolve("other.sock");
    AFUNIXServerSocket replacement = closeLater(AFUNIXServerSocket.newInstance());
    replacement.setDeleteOnClose(false);
    replacement.bind(AFUNIXSocketAddress.of(other));
    Files.move(other, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Object replacementKey = fileKey(path);

    listener.stopAsync().awaitTerminated(WAIT);

    assertThat(fileKey(path)).isEqualTo(replacementKey);
  }

  @Test
  void aNewListenerCanTakeThePathAfterStop() throws Exception {
    Path path = dir.resolve("test.sock");
    start(path, hello()).stopAsync().awaitTerminated(WAIT);

    start(path, connection -> connection.output().write("again\n".getBytes(UTF_8)));

    try (AFUNIXSocket client = connect(path)) {
      assertThat(readLine(client)).isEqualTo("again");
    }
  }

  @Test
  void handlerFailureDoesNotAffectOtherConnections() throws Exception {
    Path path = dir.resolve("test.sock");
    AtomicInteger calls = new AtomicInteger();
    SocketListener listener =
        start(
            path,
            connection -> {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("first one fails");
              }
              connection.output().write("fine\n".getBytes(UTF_8));
            });

    try (AFUNIXSocket client = connect(path)) {
      assertThat(readUntilClosed(client)).isEmpty();
    }
    try (AFUNIXSocket client = connect(path)) {
      assertThat(readUntilClosed(client)).isEqualTo("fine\n");
    }
    assertThat(listener.isRunning()).isTrue();
  }

  @Test
  void listenerFailsWhenItsBoundNameIsDeletedAndCleansUp() throws Exception {
    Path path = dir.resolve("test.sock");
    SocketListener listener = start(path, hello());

    Files.delete(dir.resolve(".test.sock.bind").resolve("s"));
    try (AFUNIXSocket client = connect(path)) {
      readUntilClosed(client);
    } catch (IOException e) {
      // the server may close before or after this connection is accepted
    }

    await().atMost(WAIT).until(listener::state, state -> state == Service.State.FAILED);
    assertThat(listener.failureCause()).isInstanceOf(IOException.class);
    assertThat(Files.exists(path, LinkOption.NOFOLLOW_LINKS)).isFalse();
    start(path, hello());
  }

  @Test
  void settingsAreValidated() {
    SocketListener.Settings defaults = SocketListener.Settings.defaults();
    assertThat(defaults.timeout()).isEqualTo(SocketListener.DEFAULT_TIMEOUT);
    assertThat(SocketListener.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(3));
    assertThatThrownBy(() -> defaults.withTimeout(Duration.ZERO))
        .hasMessage("timeout PT0S must be > 0");
    assertThatThrownBy(() -> defaults.withMaxConnections(0))
        .hasMessage("maxConnections 0 must be >= 1");
    assertThatThrownBy(() -> defaults.withStopTimeout(Duration.ofSeconds(-1)))
        .hasMessage("stopTimeout PT-1S must be > 0");
    assertThatThrownBy(() -> defaults.withSharedGroup(-1))
        .hasMessage("sharedGroup OptionalLong[-1] must be >= 0");
  }
}
