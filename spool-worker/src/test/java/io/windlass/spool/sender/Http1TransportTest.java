package io.windlass.spool.sender;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Http1TransportTest {
  private static final Duration TIMEOUT = Duration.ofMillis(300);
  private static final byte[] BODY = "the body".getBytes(US_ASCII);
  private static final String NO_CONTENT = "HTTP/1.1 204 No Content\r\n\r\n";

  private final ScriptedServer server = new ScriptedServer();

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  private Http1Transport transport(String pathAndQuery) {
    URI url = URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    return new Http1Transport(url, url, TIMEOUT, new String[] {"X-One", "1", "User-Agent", "t/1"});
  }

  private static HttpPoster.Answered answered(HttpPoster.Result result) {
    assertThat(result).isInstanceOf(HttpPoster.Answered.class);
    return (HttpPoster.Answered) result;
  }

  private static String noAnswer(HttpPoster.Result result) {
    assertThat(result).isInstanceOf(HttpPoster.NoAnswer.class);
    return ((HttpPoster.NoAnswer) result).reason();
  }

  @Test
  void sendsTheRequestAsHttp11AndReusesTheConnection() throws Exception {
    server.answerAlways(NO_CONTENT);
    Http1Transport transport = transport("/api/v1/write?tenant=a%20b");

    for (int i = 0; i < 3; i++) {
      assertThat(answered(transport.post(BODY)).status()).isEqualTo(204);
    }

    assertThat(server.connections()).hasValue(1);
    assertThat(transport.idleConnections()).isEqualTo(1);
    ScriptedServer.Request request = server.requests.take();
    assertThat(request.head())
        .isEqualTo(
            "POST /api/v1/write?tenant=a%20b HTTP/1.1\r\n"
                + "Host: 127.0.0.1:"
                + server.port()
                + "\r\nX-One: 1\r\nUser-Agent: t/1\r\nContent-Length: 8\r\n\r\n");
    assertThat(request.body()).isEqualTo(BODY);
    server.requests.clear();
    assertThat(transport("").post(new byte[20_000])).isInstanceOf(HttpPoster.Answered.class);
    assertThat(server.requests.poll(5, TimeUnit.SECONDS).head()).startsWith("POST / HTTP/1.1\r\n");
  }

  @Test
  void readsChunkedBodiesRetryAfterAndSkipsInterimAnswers() throws Exception {
    server.answerAlways(
        "HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 7\r\nretry-after: 9\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n"
            + "5\r\nhello\r\n6;name=value\r\n world\r\n0\r\nTrailer: x\r\n\r\n");
    Http1Transport transport = transport("/w");

    HttpPoster.Answered first = answered(transport.post(BODY));
    HttpPoster.Answered second = answered(transport.post(BODY));

    assertThat(first).isEqualTo(new HttpPoster.Answered(503, Optional.of("7"), "hello world"));
    assertThat(second).isEqualTo(first);
    assertThat(server.connections()).hasValue(1);
  }

  @Test
  void opensAnotherConnectionWhenTheServerClosesOrTheBodyRunsToTheEnd() throws Exception {
    server.answer("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
    server.answer("HTTP/1.0 200 OK\r\n\r\nto the end", true);
    server.answer(NO_CONTENT);
    Http1Transport transport = transport("/w");

    assertThat(answered(transport.post(BODY)).body()).isEqualTo("ok");
    assertThat(answered(transport.post(BODY)).body()).isEqualTo("to the end");
    assertThat(answered(transport.post(BODY)).status()).isEqualTo(204);

    assertThat(server.connections()).hasValue(3);
  }

  @Test
  void keepsTheStartOfALargeBodyAndClosesPastWhatIsWorthDraining() throws Exception {
    byte[] large = new byte[100_000];
    Arrays.fill(large, (byte) 'a');
    byte[] huge = new byte[Http1Transport.MAX_DRAINED_BYTES + HttpPoster.MAX_BODY_BYTES + 10];
    Arrays.fill(huge, (byte) 'b');
    server.answer(withBody("HTTP/1.1 500 Oops\r\nContent-Length: " + large.length, large));
    server.answer(withBody("HTTP/1.1 500 Oops\r\nContent-Length: " + huge.length, huge), true);
    server.answer(NO_CONTENT);
    Http1Transport transport = transport("/w");

    assertThat(answered(transport.post(BODY)).body())
        .hasSize(HttpPoster.MAX_BODY_BYTES)
        .matches("a+");
    assertThat(server.connections()).hasValue(1);
    assertThat(answered(transport.post(BODY)).body())
        .hasSize(HttpPoster.MAX_BODY_BYTES)
        .matches("b+");
    assertThat(answered(transport.post(BODY)).status()).isEqualTo(204);
    assertThat(server.connections()).hasValue(2);
  }

  @Test
  void sendsAgainOnANewConnectionWhenAKeptOneWasClosedBeforeAnyAnswer() throws Exception {
    server.answer(NO_CONTENT, true); // and closes without saying so
    server.answer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    Http1Transport transport = transport("/w");

    assertThat(answered(transport.post(BODY)).status()).isEqualTo(204);
    await().until(() -> server.closedByServer.get() == 1);
    assertThat(answered(transport.post(BODY)).status()).isEqualTo(200);

    assertThat(server.connections()).hasValue(2);
    assertThat(server.requests).hasSize(2);
  }

  @Test
  void givesUpAtTheDeadlineWhetherTheServerDoesNotAnswerOrDoesNotRead() throws Exception {
    server.hang();
    Http1Transport transport = transport("/w");
    URI url = URI.create("http://127.0.0.1:" + server.port() + "/w");

    assertThat(noAnswer(transport.post(BODY)))
        .isEqualTo("no answer from " + url + " within PT0.3S");
    assertThat(noAnswer(transport.post(new byte[32 << 20])))
        .isEqualTo("no answer from " + url + " within PT0.3S");
    assertThat(transport.idleConnections()).isZero();
  }

  @Test
  void abortEndsEveryRequestInFlight() throws Exception {
    server.hang();
    ExecutorService posters = Executors.newFixedThreadPool(2);
    URI url = URI.create("http://127.0.0.1:" + server.port() + "/w");
    Http1Transport patient =
        new Http1Transport(url, url, Duration.ofMinutes(1), new String[] {"X-One", "1"});
    try {
      CompletableFuture<HttpPoster.Result> one =
          CompletableFuture.supplyAsync(() -> post(patient), posters);
      CompletableFuture<HttpPoster.Result> two =
          CompletableFuture.supplyAsync(() -> post(patient), posters);
      await().until(() -> server.requests.size() == 2);

      patient.abort();

      assertThat(noAnswer(one.get(10, TimeUnit.SECONDS)))
          .isEqualTo("the request to " + url + " was aborted");
      assertThat(noAnswer(two.get(10, TimeUnit.SECONDS)))
          .isEqualTo("the request to " + url + " was aborted");
    } finally {
      posters.shutdownNow();
    }
    assertThat(patient.idleConnections()).isZero();
  }

  private static HttpPoster.Result post(Http1Transport transport) {
    try {
      return transport.post(BODY);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void namesWhatIsWrongWithAnAnswerThatIsNotHttp() throws Exception {
    server.answer("HELLO there\r\n\r\n", true);
    server.answer("HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n", true);
    server.answer("HTTP/1.1 500 Oops\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", true);
    server.answer("HTTP/1.1 500 Oops\r\nContent-Length: 10\r\n\r\nshort", true);
    Http1Transport transport = transport("/w");
    String prefix = "request to http://127.0.0.1:" + server.port() + "/w failed: ";

    assertThat(noAnswer(transport.post(BODY)))
        .isEqualTo(prefix + "malformed answer: status line \"HELLO there\"");
    assertThat(noAnswer(transport.post(BODY)))
        .isEqualTo(prefix + "malformed answer: Content-Length \"12x\"");
    assertThat(noAnswer(transport.post(BODY)))
        .isEqualTo(prefix + "malformed answer: chunk size \"zz\"");
    assertThat(noAnswer(transport.post(BODY))).isEqualTo(prefix + "the answer's body ended early");
  }

  /** A success is the head's: the backend has the request, whatever becomes of the body. */
  @Test
  void aSuccessWhoseBodyIsCutOrMalformedIsASuccessAndItsConnectionIsNotKept() throws Exception {
    server.answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", true);
    server.answer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", true);
    server.answer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhang");
    Http1Transport transport = transport("/w");

    assertThat(answered(transport.post(BODY)).status()).isEqualTo(200);
    assertThat(answered(transport.post(BODY))).isEqualTo(answeredOk("short"));
    assertThat(answered(transport.post(BODY))).isEqualTo(answeredOk("hang"));
    assertThat(transport.idleConnections()).isZero();
    assertThat(server.connections()).hasValue(3);
  }

  private static HttpPoster.Answered answeredOk(String body) {
    return new HttpPoster.Answered(200, Optional.empty(), body);
  }

  @Test
  void cannotConnectToAPortNobodyListensOn() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + port + "/w");

    assertThat(noAnswer(new Http1Transport(url, url, TIMEOUT, new String[0]).post(BODY)))
        .startsWith("cannot connect to " + url + ": ");
  }

  @Test
  void refusesHeadersItCannotSendAndOtherSchemes() {
    URI url = URI.create("http://127.0.0.1:1/w");
    assertThatThrownBy(
            () -> new Http1Transport(url, url, TIMEOUT, new String[] {"Content-Length", "1"}))
        .hasMessage("header name \"Content-Length\" cannot be sent");
    assertThatThrownBy(() -> new Http1Transport(url, url, TIMEOUT, new String[] {"X", "a\nb"}))
        .hasMessage("header X has a control character");
    URI https = URI.create("https://127.0.0.1:1/w");
    assertThatThrownBy(() -> new Http1Transport(https, https, TIMEOUT, new String[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String withBody(String head, byte[] body) {
    return head + "\r\n\r\n" + new String(body, US_ASCII);
  }

  /**
   * A loopback HTTP server that answers each request it reads with the next scripted raw answer (or
   * the standing one), closing the connection after it if told to, or never answering.
   */
  private static final class ScriptedServer implements AutoCloseable {
    record Request(String head, byte[] body) {}

    private record Script(String answer, boolean closeAfter) {}

    final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    final AtomicInteger closedByServer = new AtomicInteger();
    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final CountDownLatch never = new CountDownLatch(1);
    private volatile Script standing;
    private volatile boolean hang;

    ScriptedServer() {
      try {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      threads.execute(this::accept);
    }

    int port() {
      return socket.getLocalPort();
    }

    AtomicInteger connections() {
      return connections;
    }

    void answer(String raw) {
      answer(raw, false);
    }

    void answer(String raw, boolean closeAfter) {
      scripts.add(new Script(raw, closeAfter));
    }

    void answerAlways(String raw) {
      standing = new Script(raw, false);
    }

    /** Reads requests' heads (not their bodies) and never answers. */
    void hang() {
      hang = true;
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket connection = socket.accept();
          connections.incrementAndGet();
          accepted.add(connection);
          threads.execute(() -> serve(connection));
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket connection) {
      try (connection) {
        InputStream in = connection.getInputStream();
        OutputStream out = connection.getOutputStream();
        while (true) {
          String head = head(in);
          if (head == null) {
            return;
          }
          if (hang) {
            requests.add(new Request(head, new byte[0]));
            never.await();
            return;
          }
          int length = 0;
          for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
              length = Integer.parseInt(line.substring("content-length:".length()).strip());
            }
          }
          requests.add(new Request(head, in.readNBytes(length)));
          Script script = scripts.poll();
          if (script == null) {
            script = standing;
          }
          out.write(script.answer().getBytes(US_ASCII));
          out.flush();
          if (script.closeAfter()) {
            closedByServer.incrementAndGet();
            return;
          }
        }
      } catch (IOException | InterruptedException e) {
        // The client went away.
      }
    }

    private static String head(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (true) {
        int c = in.read();
        if (c < 0) {
          return null;
        }
        head.write(c);
        byte[] bytes = head.toByteArray();
        int n = bytes.length;
        if (n >= 4
            && bytes[n - 4] == '\r'
            && bytes[n - 3] == '\n'
            && bytes[n - 2] == '\r'
            && bytes[n - 1] == '\n') {
          return head.toString(US_ASCII);
        }
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket connection : new ArrayList<>(accepted)) {
        connection.close();
      }
      never.countDown();
      threads.shutdownNow();
    }
  }
}
