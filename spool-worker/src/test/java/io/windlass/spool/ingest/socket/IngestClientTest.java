package io.windlass.spool.ingest.socket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.Metric;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.MetricReader;
import io.windlass.spool.OverflowPolicy;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.SpoolOptions;
import io.windlass.spool.socket.LineConnectionHandler;
import io.windlass.spool.socket.SocketListener;
import io.windlass.spool.socket.UnreachableSocketException;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** The ingest protocol end to end: a real listener, a real spool, the client. */
class IngestClientTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  private SpoolDirectory spool;
  private SocketListener listener;

  @AfterEach
  void stop() throws Exception {
    if (listener != null) {
      listener.stopAsync().awaitTerminated(WAIT);
    }
    if (spool != null) {
      spool.close();
    }
  }

  private Path serve(SpoolOptions options) throws Exception {
    spool = SpoolDirectory.open(dir.resolve("spool"), options);
    Path path = dir.resolve("ingest.sock");
    listener =
        new SocketListener(
            path,
            new LineConnectionHandler(
                new IngestHandler(spool, DeclaredMetrics.any(), "agent-1", Clock.systemUTC())));
    listener.startAsync().awaitRunning(WAIT);
    return path;
  }

  private Path serve() throws Exception {
    return serve(SpoolOptions.defaults());
  }

  private List<MetricBatch> batches() throws IOException {
    try (MetricReader reader = spool.reader()) {
      return reader.read();
    }
  }

  private List<Metric> stored() throws IOException {
    return batches().stream().flatMap(b -> b.metrics().stream()).collect(Collectors.toList());
  }

  /** Group commit: lines that arrive together share a spool batch, so far fewer fsyncs. */
  @Test
  void pipelinedLinesSentInOneWriteShareFewBatchesAndEachIsStoredOnce() throws Exception {
    Path path = serve();
    String lines =
        IntStream.range(0, 1000).mapToObj(i -> "n=" + i + "\n").collect(Collectors.joining());

    String replies;
    try (AFUNIXSocket client = AFUNIXSocket.newInstance()) {
      client.connect(AFUNIXSocketAddress.of(path), (int) WAIT.toMillis());
      client.setSoTimeout((int) WAIT.toMillis());
      OutputStream out = client.getOutputStream();
      out.write(lines.getBytes(UTF_8));
      out.flush();
      client.shutdownOutput();
      replies = readUntilClosed(client);
    }

    assertThat(replies.split("\n")).hasSize(1000).containsOnly("ok");
    assertThat(batches().size()).isLessThanOrEqualTo(10);
    assertThat(stored().stream().map(Metric::value))
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, 1000).mapToObj(Integer::toString).collect(Collectors.toList()));
  }

  @Test
  void repliesComeInTheOrderOfTheLines() throws Exception {
    Path path = serve();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      lines.add(i % 3 == 1 ? "bad" + i : "n=" + i);
    }
    List<String> seen = new ArrayList<>();

    long answered =
        IngestClient.pipeline(
            path,
            lines,
            (number, request, reply) -> {
              assertThat(request).isEqualTo(lines.get((int) number - 1));
              seen.add(reply);
            },
            WAIT);

    assertThat(answered).isEqualTo(3000);
    for (int i = 0; i < 3000; i++) {
      assertThat(seen.get(i))
          .isEqualTo(
              i % 3 == 1
                  ? "error: \"bad" + i + "\" is not key=value (nor --labels k=v[,k=v...])"
                  : "ok");
    }
    assertThat(stored()).hasSize(2000);
  }

  @Test
  void aLargeReaderIsPipelinedWithoutDeadlock() throws Exception {
    Path path = serve();
    String text =
        IntStream.range(0, 100_000)
            .mapToObj(i -> "n=" + i + " --labels some_label=some-fairly-long-value-" + i + "\n")
            .collect(Collectors.joining());
    long[] ok = new long[1];

    long answered =
        IngestClient.pipeline(
            path,
            new BufferedReader(new StringReader(text)),
            (number, request, reply) -> {
              if (IngestClient.isOk(reply)) {
                ok[0]++;
              }
            },
            WAIT);

    assertThat(answered).isEqualTo(100_000);
    assertThat(ok[0]).isEqualTo(100_000);
    assertThat(stored()).hasSize(100_000);
    assertThat(batches().size()).isLessThan(100_000 / 10);
  }

  @Test
  void sendReturnsTheReplyToOneLine() throws Exception {
    Path path = serve();

    assertThat(IngestClient.send(path, "n=1 m=2 --labels a=b", WAIT)).isEqualTo("ok");
    assertThat(IngestClient.send(path, "{\"key\":\"n\",\"value\":\"NaN\"}", WAIT))
        .isEqualTo("error: metric \"n\" value \"NaN\" is not a finite number");
    assertThat(IngestClient.errorMessage("error: x")).isEqualTo("x");
    assertThat(stored()).hasSize(2);
  }

  @Test
  void aFullSpoolAnswersErrorsAndAcknowledgesNothing() throws Exception {
    Path path =
        serve(
            SpoolOptions.builder().maxBatches(1).overflowPolicy(OverflowPolicy.REJECT_NEW).build());
    assertThat(IngestClient.send(path, "first=1", WAIT)).isEqualTo("ok");
    List<String> replies = new ArrayList<>();

    IngestClient.pipeline(
        path,
        IntStream.range(0, 500).mapToObj(i -> "n=" + i).collect(Collectors.toList()),
        (number, request, reply) -> replies.add(reply),
        WAIT);

    assertThat(replies).hasSize(500).allSatisfy(reply -> assertThat(reply).startsWith("error: "));
    assertThat(replies.get(0)).contains("full");
    assertThat(stored()).extracting(Metric::key).containsExactly("first");
  }

  @Test
  void aMissingSocketSaysNoAgentIsRunning() {
    Path path = dir.resolve("none.sock");

    assertThatThrownBy(() -> IngestClient.send(path, "n=1", WAIT))
        .isInstanceOf(IOException.class)
        .hasMessage("no agent is running: " + path + " does not exist");
  }

  @Test
  void aSocketNobodyListensOnSaysNoAgentIsRunning() throws IOException {
    Path path = dir.resolve("stale.sock");
    try (AFUNIXServerSocket server = AFUNIXServerSocket.newInstance()) {
      server.setDeleteOnClose(false);
      server.bind(AFUNIXSocketAddress.of(path));
    }

    assertThatThrownBy(() -> IngestClient.send(path, "n=1", WAIT))
        .isInstanceOfSatisfying(
            UnreachableSocketException.class,
            e -> assertThat(e.reason()).isEqualTo(UnreachableSocketException.Reason.NOT_LISTENING))
        .hasMessageStartingWith("no agent is running: " + path + " refuses connections");
  }

  @Test
  void aFileThatIsNotASocketIsNamedSo() throws IOException {
    Path path = Files.createFile(dir.resolve("plain.sock"));

    assertThatThrownBy(() -> IngestClient.send(path, "n=1", WAIT))
        .isInstanceOf(IOException.class)
        .hasMessage("cannot connect to " + path + ": it is not a socket");
  }

  /**
   * Covers a bug where a client beyond the agent's connection limit took the refusal for the reply
   * to its first line, or, if its writer had not yet counted that line, failed with "a reply to no
   * request".
   */
  @Test
  void aClientBeyondTheConnectionLimitIsToldTheAgentIsBusy() throws Exception {
    Path path = dir.resolve("ingest.sock");
    CountDownLatch release = new CountDownLatch(1);
    listener =
        new SocketListener(
            path,
            connection -> release.await(),
            SocketListener.Settings.defaults().withTimeout(WAIT).withMaxConnections(1));
    listener.startAsync().awaitRunning(WAIT);
    try (AFUNIXSocket held = AFUNIXSocket.newInstance()) {
      held.connect(AFUNIXSocketAddress.of(path));
      await().atMost(WAIT).until(listener::connectionsInProgress, n -> n == 1);
      List<String> many = Collections.nCopies(64 * 1024, "n=1");

      for (int i = 0; i < 10; i++) {
        assertThatThrownBy(() -> IngestClient.send(path, "n=1", WAIT))
            .isInstanceOf(IOException.class)
            .hasMessage(
                "the agent at "
                    + path
                    + " refused the connection: it is serving too many connections; try again");
        assertThatThrownBy(() -> IngestClient.pipeline(path, many, (n, r, reply) -> {}, WAIT))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("it is serving too many connections");
      }
    } finally {
      release.countDown();
    }
  }

  /**
   * An agent that closes the connection without reading (one that discarded as much of a refused
   * client's input as it would) is named, not reported as a closed socket: the client's writer
   * meets a broken pipe, on which junixsocket closes the socket under the reader.
   */
  @Test
  void anAgentThatClosesWhileTheClientIsWritingIsNamed() throws Exception {
    Path path = dir.resolve("closing.sock");
    try (AFUNIXServerSocket server = AFUNIXServerSocket.newInstance()) {
      server.bind(AFUNIXSocketAddress.of(path));
      Thread closer =
          new Thread(
              () -> {
                try (AFUNIXSocket accepted = server.accept()) {
                  // closed at once, unread
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      closer.start();
      List<String> many = Collections.nCopies(256 * 1024, "n=1");

      assertThatThrownBy(() -> IngestClient.pipeline(path, many, (n, r, reply) -> {}, WAIT))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith(
              "the agent at " + path + " closed the connection after 0 replies");
      closer.join();
    }
  }

  @Test
  void aLineBreakInARequestIsRefusedBeforeSending() throws Exception {
    Path path = serve();

    assertThatThrownBy(() -> IngestClient.send(path, "n=1\nm=2", WAIT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("request \"n=1\\u000am=2\" holds a line break");
    assertThat(stored()).isEmpty();
  }

  private static String readUntilClosed(AFUNIXSocket socket) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        received.write(buffer, 0, n);
      }
    } catch (SocketException e) {
      // reset by the server after its replies: closed
    }
    return received.toString(UTF_8);
  }
}
