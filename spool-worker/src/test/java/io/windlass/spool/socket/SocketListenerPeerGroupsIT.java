package io.windlass.spool.socket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.windlass.spool.ProcessIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peers of another user that the allowed group admits, as real processes: a small client run as
 * user {@code nobody} (uid 65534) with chosen groups through {@code setpriv}, and the client's view
 * of a peer the agent refuses. Needs root (to switch user) and {@code /usr/bin/python3} and {@code
 * setpriv} (for the client); skipped, visibly, without them.
 */
class SocketListenerPeerGroupsIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final long NOBODY = 65534;
  private static final long GROUP = 4242;
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

  /** Connects to argv[1], prints what the server sends until it closes, or the error's name. */
  private static final String CLIENT =
      "import socket, sys\n"
          + "s = socket.socket(socket.AF_UNIX)\n"
          + "try:\n"
          + "    s.connect(sys.argv[1])\n"
          + "except OSError as e:\n"
          + "    print('connect failed: ' + type(e).__name__); sys.exit(0)\n"
          + "data = b''\n"
          + "while True:\n"
          + "    chunk = s.recv(4096)\n"
          + "    if not chunk: break\n"
          + "    data += chunk\n"
          + "sys.stdout.write(data.decode())\n";

  @TempDir Path dir;

  private final List<SocketListener> listeners = new ArrayList<>();

  @AfterEach
  void stop() {
    for (SocketListener listener : listeners) {
      listener.stopAsync().awaitTerminated();
    }
  }

  private Path serveShared() throws Exception {
    // The socket's directory as the agent's run directory is with a group: 0710, in the group.
    Path run = Files.createDirectory(dir.resolve("run"));
    Files.setAttribute(run, "unix:gid", (int) GROUP);
    Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx--x---"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
    Path path = run.resolve("test.sock");
    SocketListener listener =
        new SocketListener(
            path,
            connection -> connection.output().write("admitted\n".getBytes(UTF_8)),
            SocketListener.Settings.defaults().withSharedGroup(GROUP));
    listeners.add(listener);
    listener.startAsync().awaitRunning(WAIT);
    return path;
  }

  private static String runAsNobody(List<String> groupOptions, Path socket) throws Exception {
    List<String> command = new ArrayList<>(List.of(SETPRIV.toString(), "--reuid=" + NOBODY));
    command.addAll(groupOptions);
    command.addAll(List.of(PYTHON.toString(), "-c", CLIENT, socket.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the client did not end");
    }
    return new String(process.getInputStream().readAllBytes(), UTF_8);
  }

  private static void assumeCanSwitchUser() {
    assumeThat(ProcessIdentity.self().uid()).as("switching to another user needs root").isZero();
    assumeThat(Files.isExecutable(PYTHON)).as(PYTHON + " is needed for the client").isTrue();
    assumeThat(Files.isExecutable(SETPRIV)).as(SETPRIV + " is needed to switch user").isTrue();
  }

  /**
   * Covers a bug where a process that held {@code sockets.allowed-gid} as a supplementary group
   * (the usual way: a user added to the group) was refused, since the kernel's peer credentials
   * carry only the primary group.
   */
  @Test
  void aPeerWithTheAllowedGroupAmongItsSupplementaryGroupsIsAdmitted() throws Exception {
    assumeCanSwitchUser();
    Path socket = serveShared();

    String output = runAsNobody(List.of("--regid=" + NOBODY, "--groups=27," + GROUP), socket);

    assertThat(output).isEqualTo("admitted\n");
  }

  @Test
  void aPeerWithTheAllowedGroupAsItsPrimaryGroupIsAdmitted() throws Exception {
    assumeCanSwitchUser();
    Path socket = serveShared();

    String output = runAsNobody(List.of("--regid=" + GROUP, "--clear-groups"), socket);

    assertThat(output).isEqualTo("admitted\n");
  }

  @Test
  void aPeerOutsideTheGroupCannotReachTheSocket() throws Exception {
    assumeCanSwitchUser();
    Path socket = serveShared();

    String output = runAsNobody(List.of("--regid=" + NOBODY, "--clear-groups"), socket);

    assertThat(output).isEqualTo("connect failed: PermissionError\n");
  }
}
