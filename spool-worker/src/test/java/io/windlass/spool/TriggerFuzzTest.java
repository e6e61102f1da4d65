package io.windlass.spool;

import static io.windlass.spool.TestSockets.connect;
import static io.windlass.spool.TestSockets.readUntilClosed;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.fuzz.Bounded;
import io.windlass.spool.fuzz.FuzzSettings;
import io.windlass.spool.fuzz.Mutations;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
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

  @BeforeProperty
  void serve() throws Exception {
    dir = Files.createTempDirectory("trigger-fuzz");
    listener =
        new SocketListener(
            dir.resolve("send.sock"), new TriggerHandler(c -> runs.incrementAndGet()));
    listener.startAsync().awaitRunning(WAIT);
  }

  @AfterProperty
  void stop() throws Exception {
    listener.stopAsync().awaitTerminated(WAIT);
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Property(tries = 30)
  void answersOkOnceWhateverTheClientSends(@ForAll("requests") byte[] request) throws Exception {
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

  @Property(tries = 30)
  void theClientAcceptsOnlyOkAndOtherwiseFailsWithAMessage(@ForAll("answers") byte[] answer)
      throws Exception {
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

  @Provide
  Arbitrary<byte[]> requests() {
    return Arbitraries.oneOf(
        Arbitraries.just(new byte[0]),
        Mutations.ofBytes(Arbitraries.of("ok\n", "send\n", "\n").map(String::getBytes)),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(4096));
  }

  @Provide
  Arbitrary<byte[]> answers() {
    return Arbitraries.oneOf(
        Mutations.ofBytes(
            Arbitraries.of("ok\n", "ok\r\n", "error: cannot send\n", "error: \n", "ok")
                .map(s -> s.getBytes(StandardCharsets.UTF_8))),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(300));
  }
}
