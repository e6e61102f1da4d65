package io.windlass.spool.socket;

import static io.windlass.spool.socket.TestSockets.connect;
import static io.windlass.spool.socket.TestSockets.readLine;
import static io.windlass.spool.socket.TestSockets.readUntilClosed;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXSocket;

class LineConnectionHandlerTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
  private SocketListener listener;

  @AfterEach
  void stop() throws Exception {
    if (listener != null) {
      listener.stopAsync().awaitTerminated(WAIT);
    }
  }

  private Path serve(LineBatchHandler handler, int maxLineLength, Duration timeout)
      throws Exception {
    Path path = dir.resolve("ingest.sock");
    LineBatchHandler recording =
        lines -> {
          batches.add(lines);
          return handler.handle(lines);
        };
    listener =
        new SocketListener(
            path,
            new LineConnectionHandler(recording, maxLineLength),
            SocketListener.Settings.defaults().withTimeout(timeout));
    listener.startAsync().awaitRunning(WAIT);
    return path;
  }

  private Path serve(LineBatchHandler handler) throws Exception {
    return serve(handler, 64, SocketListener.DEFAULT_TIMEOUT);
  }

  private static LineBatchHandler echo() {
    return lines -> lines.stream().map(line -> "ok " + line).collect(Collectors.toList());
  }

  private static void send(AFUNIXSocket client, String text) throws IOException {
    send(client, text.getBytes(UTF_8));
  }

  private static void send(AFUNIXSocket client, byte[] bytes) throws IOException {
    OutputStream out = client.getOutputStream();
    out.write(bytes);
    out.flush();
  }

  private List<String> received() {
    synchronized (batches) {
      return batches.stream().flatMap(List::stream).collect(Collectors.toList());
    }
  }

  @Test
  void pipelinedLinesAreAnsweredOneReplyPerLineInOrder() throws Exception {
    Path path = serve(echo());
    List<String> lines =
        IntStream.range(0, 2000).mapToObj(i -> "line-" + i).collect(Collectors.toList());

    String replies;
    try (AFUNIXSocket client = connect(path)) {
      send(client, String.join("\n", lines) + "\n");
      client.shutdownOutput();
      replies = readUntilClosed(client);
    }

    assertThat(replies.split("\n", -1))
        .containsExactlyElementsOf(
            IntStream.range(0, 2001)
                .mapToObj(i -> i < 2000 ? "ok line-" + i : "")
                .collect(Collectors.toList()));
    assertThat(received()).containsExactlyElementsOf(lines);
  }

  @Test
  void linesAlreadyReceivedReachTheHandlerAsOneBatch() throws Exception {
    CountDownLatch firstBatchEntered = new CountDownLatch(1);
    CountDownLatch moreLinesSent = new CountDownLatch(1);
    Path path =
        serve(
            lines -> {
              if (lines.equals(List.of("first"))) {
                firstBatchEntered.countDown();
                assertThat(moreLinesSent.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
              }
              return echo().handle(lines);
            });
    List<String> more =
        IntStream.range(0, 100).mapToObj(i -> "more-" + i).collect(Collectors.toList());

    try (AFUNIXSocket client = connect(path)) {
      send(client, "first\n");
      assertThat(firstBatchEntered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      send(client, String.join("\n", more) + "\n");
      moreLinesSent.countDown();
      assertThat(readLine(client)).isEqualTo("ok first");
      for (String line : more) {
        assertThat(readLine(client)).isEqualTo("ok " + line);
      }
    }

    assertThat(batches).containsExactly(List.of("first"), more);
  }

  @Test
  void lineLongerThanTheLimitIsAnsweredWithAnErrorAndTheConnectionGoesOn() throws Exception {
    Path path = serve(echo(), 16, SocketListener.DEFAULT_TIMEOUT);

    try (AFUNIXSocket client = connect(path)) {
      send(client, "short\n" + "x".repeat(100_000) + "\n" + "exactly-16-bytes\nafter\n");
      client.shutdownOutput();
      assertThat(readUntilClosed(client))
          .isEqualTo(
              "ok short\n"
                  + "error: line longer than 16 bytes\n"
                  + "ok exactly-16-bytes\n"
                  + "ok after\n");
    }
    assertThat(received()).containsExactly("short", "exactly-16-bytes", "after");
  }

  @Test
  void malformedUtf8IsAnsweredWithAnErrorAndNeverReachesTheHandler() throws Exception {
    Path path = serve(echo());
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.write("before\n".getBytes(UTF_8));
    request.write(new byte[] {(byte) 0xC3, 0x28, '\n'});
    request.write(new byte[] {(byte) 0xC0, (byte) 0xAF, '\n'});
    request.write(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n'});
    request.write(new byte[] {0, 'n', 'u', 'l', '\n'});
    request.write("é€\n".getBytes(UTF_8));
    request.write(new byte[] {'x', (byte) 0xE2, (byte) 0x82}); // truncated, at end of stream

    try (AFUNIXSocket client = connect(path)) {
      send(client, request.toByteArray());
      client.shutdownOutput();
      assertThat(readUntilClosed(client))
          .isEqualTo(
              "ok before\n"
                  + "error: line is not valid UTF-8\n"
                  + "error: line is not valid UTF-8\n"
                  + "error: line is not valid UTF-8\n"
                  + "ok \0nul\n"
                  + "ok é€\n"
                  + "error: line is not valid UTF-8\n");
    }
    assertThat(received()).containsExactly("before", "\0nul", "é€");
  }

  @Test
  void unterminatedLastLineBeforeTheClientsEndOfStreamIsAnswered() throws Exception {
    Path path = serve(echo());

    try (AFUNIXSocket client = connect(path)) {
      send(client, "one\r\ntwo");
      client.shutdownOutput();
      assertThat(readUntilClosed(client)).isEqualTo("ok one\nok two\n");
    }
  }

  @Test
  void handlerFailureAnswersEveryLineOfItsBatchAndTheConnectionGoesOn() throws Exception {
    Path path =
        serve(
            lines -> {
              if (lines.contains("boom")) {
                throw new IllegalStateException("boom\nat line two");
              }
              return echo().handle(lines);
            });

    try (AFUNIXSocket client = connect(path)) {
      send(client, "boom\n");
      assertThat(readLine(client)).isEqualTo("error: boom at line two");
      send(client, "fine\n");
      assertThat(readLine(client)).isEqualTo("ok fine");
    }
  }

  @Test
  void handlerReturningTheWrongNumberOfRepliesAnswersErrors() throws Exception {
    Path path = serve(lines -> List.of());

    try (AFUNIXSocket client = connect(path)) {
      send(client, "a\n");
      assertThat(readLine(client))
          .isEqualTo("error: the line handler returned 0 replies for 1 lines");
    }
  }

  @Test
  void replyWithALineBreakStaysOneLine() throws Exception {
    Path path = serve(lines -> List.of("two\r\nlines\nhere"));

    try (AFUNIXSocket client = connect(path)) {
      send(client, "a\n");
      assertThat(readLine(client)).isEqualTo("two lines here");
    }
  }

  @Test
  void clientThatStallsMidLineIsCutOffAndItsPartialLineDropped() throws Exception {
    Path path = serve(echo(), 64, Duration.ofMillis(500));

    try (AFUNIXSocket client = connect(path)) {
      send(client, "complete\npart");
      assertThat(readUntilClosed(client)).isEqualTo("ok complete\n");
    }
    await().atMost(WAIT).until(listener::connectionsInProgress, n -> n == 0);
    assertThat(received()).containsExactly("complete");
  }

  @Test
  void deadlineIsRenewedAfterEveryBatch() throws Exception {
    Path path = serve(echo(), 64, Duration.ofMillis(500));

    try (AFUNIXSocket client = connect(path)) {
      long start = System.nanoTime();
      int answered = 0;
      // Keep the connection busy for longer than one timeout, a line at a time.
      while (System.nanoTime() - start < Duration.ofMillis(1500).toNanos()) {
        send(client, "ping\n");
        assertThat(readLine(client)).isEqualTo("ok ping");
        answered++;
      }
      assertThat(answered).isGreaterThan(1);
    }
  }

  @Test
  void stopAnswersCompleteLinesAndDropsThePartialOne() throws Exception {
    Path path = serve(echo());

    try (AFUNIXSocket client = connect(path)) {
      send(client, "done\npart");
      assertThat(readLine(client)).isEqualTo("ok done");
      await().atMost(WAIT).until(listener::connectionsInProgress, n -> n == 1);

      listener.stopAsync().awaitTerminated(WAIT);

      assertThat(readUntilClosed(client)).isEmpty();
    }
    assertThat(received()).containsExactly("done");
  }

  @Test
  void maxLineLengthMustBePositive() {
    assertThatThrownBy(() -> new LineConnectionHandler(echo(), 0))
        .hasMessage("maxLineLength 0 must be >= 1");
    assertThat(new LineConnectionHandler(echo()).maxLineLength()).isEqualTo(64 * 1024);
  }
}
