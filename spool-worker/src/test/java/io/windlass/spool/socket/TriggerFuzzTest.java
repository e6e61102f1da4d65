package io.windlass.spool.socket;

import static io.windlass.spool.socket.TestSockets.connect;
import static io.windlass.spool.socket.TestSockets.readUntilClosed;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.fuzz.Bounded;
import io.windlass.spool.fuzz.FuzzRun;
import io.windlass.spool.fuzz.FuzzSettings;
import io.windlass.spool.fuzz.Gen;
import io.windlass.spool.fuzz.Mutations;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Fuzzes both ends of the trigger protocol ({@code collect.sock}, {@code send.sock}): the agent's
 * {@link TriggerHandler} whatever a client sends, and {@link TriggerClient} (the CLI's {@code
 * collect-now}, {@code send-now}) whatever the other end answers.
 */
@Tag(FuzzSettings.TAG)
class TriggerFuzzTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private Path dir;
  private SocketListener listener;
  private final AtomicInteger runs = new AtomicInteger();

  @BeforeEach
  void serve() throws Exception {
    dir = Files.createTempDirectory("trigger-fuzz");
    listener =
        new SocketListener(
            dir.resolve("send.sock"), new TriggerHandler(c -> runs.incrementAndGet()));
    listener.startAsync().awaitRunning(WAIT);
  }

  @AfterEach
  void stop() throws Exception {
    listener.stopAsync().awaitTerminated(WAIT);
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Test
  void answersOkOnceWhateverTheClientSends() {
    FuzzRun.forAll(requests()).tries(30).check(this::answersOkOnce);
  }

  private void answersOkOnce(byte[] request) throws Exception {
    int before = runs.get();
    String answer =
        Bounded.call(
            () -> {
              try (AFUNIXSocket client = connect(dir.resolve("send.sock"))) {
                try {
                  OutputStream out = client.getOutputStream();
                  out.write(request);
                  out.flush();
                } catch (IOException e) {
                  // The agent, which reads nothing, had answered and closed before this was
                  // written; the socket is gone with its answer.
                  return null;
                }
                return readUntilClosed(client);
              }
            });

    if (answer != null) {
      assertThat(answer).isEqualTo("ok\n");
    }
    assertThat(runs.get()).isEqualTo(before + 1);
  }

  @Test
  void theClientAcceptsOnlyOkAndOtherwiseFailsWithAMessage() {
    FuzzRun.forAll(answers()).tries(30).check(this::acceptsOnlyOk);
  }

  private void acceptsOnlyOk(byte[] answer) throws Exception {
    Path socket = dir.resolve("answer.sock");
    Files.deleteIfExists(socket);
    try (AFUNIXServerSocket server = AFUNIXServerSocket.bindOn(AFUNIXSocketAddress.of(socket))) {
      Thread agent =
          new Thread(
              () -> {
                try (AFUNIXSocket connection = server.accept()) {
                  connection.getOutputStream().write(answer);
                } catch (IOException e) {
                  // the client gave up first
                }
              });
      agent.start();
      String outcome =
          Bounded.call(
              () -> {
                try {
                  TriggerClient.trigger(socket, WAIT);
                  return "ok";
                } catch (IOException e) {
                  assertThat(e.getMessage()).as("the message of %s", e).isNotBlank();
                  return "refused";
                }
              });
      agent.join(WAIT.toMillis());

      String text = new String(answer, StandardCharsets.UTF_8);
      boolean isOk = text.startsWith("ok\n") || text.startsWith("ok\r\n");
      assertThat(outcome).isEqualTo(isOk ? "ok" : "refused");
    }
  }

  static Gen<byte[]> requests() {
    return Gen.oneOf(
        Gen.constant(new byte[0]),
        Mutations.ofBytes(
            Gen.of("ok\n", "send\n", "\n").map(s -> s.getBytes(StandardCharsets.UTF_8))),
        Gen.bytes(4096));
  }

  static Gen<byte[]> answers() {
    return Gen.oneOf(
        Mutations.ofBytes(
            Gen.of("ok\n", "ok\r\n", "error: cannot send\n", "error: \n", "ok")
                .map(s -> s.getBytes(StandardCharsets.UTF_8))),
        Gen.bytes(300));
  }
}
