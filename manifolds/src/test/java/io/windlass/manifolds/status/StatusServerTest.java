package io.windlass.manifolds.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.manifolds.config.ByteSize;
import io.windlass.manifolds.config.StatusLimits;
import io.windlass.spool.ingest.http.BodyTooLargeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The status server on its own, over real sockets on a loopback ephemeral port, with routes that
 * echo what they read: deadlines, limits and refusals as a client sees them.
 */
class StatusServerTest {
  private static final long MAX_BODY = 64 * 1024;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final StatusServer.RequestCounters counters = new StatusServer.RequestCounters();
  private final AtomicInteger pushesRouted = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<Socket> sockets = new ArrayList<>();
  private volatile boolean blockPushes;
  private StatusServer server;

  @AfterEach
  void stop() throws IOException {
    release.countDown();
    for (Socket socket : sockets) {
      socket.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static StatusLimits limits(
      Duration headerTimeout,
      Duration bodyTimeout,
      Duration idleTimeout,
      int maxConnections,
      int maxRequests,
      int maxPushes) {
    return new StatusLimits(
        headerTimeout,
        bodyTimeout,
        idleTimeout,
        ByteSize.ofKiB(2),
        maxConnections,
        maxRequests,
        maxPushes);
  }

  private static StatusLimits relaxed() {
    return limits(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1), 2048, 8, 4);
  }

  private void start(StatusLimits limits, Optional<String> token) throws IOException {
    Map<String, StatusServer.Endpoint> endpoints =
        Map.of(
            "/healthz",
            new StatusServer.Endpoint("GET", request -> StatusResponse.text(200, "ok")),
            "/push",
            new StatusServer.Endpoint("POST", this::push),
            io.windlass.manifolds.console.Console.LOGIN,
            new StatusServer.Endpoint("POST", request -> StatusResponse.text(200, "signed in")),
            "/both",
            new StatusServer.Endpoint(
                com.google.common.collect.ImmutableSet.of("GET", "HEAD"),
                request -> StatusResponse.text(200, "ok")));
    server =
        StatusServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            token,
            MAX_BODY,
            endpoints,
            limits,
            new StatusServer.Options(Duration.ofSeconds(30)),
            counters);
  }

  private StatusResponse push(StatusRequest request) throws IOException {
    pushesRouted.incrementAndGet();
    if (blockPushes) {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (InputStream body = request.body()) {
      byte[] read = body.readAllBytes();
      return StatusResponse.text(200, "read " + new String(read, StandardCharsets.UTF_8));
    } catch (BodyTooLargeException e) {
      return StatusResponse.text(413, e.getMessage());
    }
  }

  private static ConditionFactory await() {
    return org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(10));
  }

  private URI uri(String path) {
    return URI.create(server.url()).resolve(path);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private CompletableFuture<HttpResponse<String>> postAsync(
      String path, byte[] body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(30))
            .POST(BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, byte[] body, String... headers) throws Exception {
    return postAsync(path, body, headers).get(30, TimeUnit.SECONDS);
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort());
    socket.setSoTimeout(30_000);
    sockets.add(socket);
    return socket;
  }

  private static void write(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Everything the server sends until it closes the connection (a reset ends it too). */
  private static String readToClose(Socket socket) throws IOException {
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[4096];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        read.write(buffer, 0, n);
      }
    } catch (SocketException e) {
      // A reset after the answer: what was read is the answer.
    }
    return read.toString(StandardCharsets.ISO_8859_1);
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
      out.write(data);
    }
    return zipped.toByteArray();
  }

  @Test
  void headersSentAByteAtATimeAreCutOffAtTheHeaderDeadline() throws Exception {
    start(
        limits(Duration.ofMillis(500), Duration.ofMinutes(1), Duration.ofMinutes(1), 2048, 8, 4),
        Optional.empty());
    Socket slow = connect();
    String request = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(1000);

    // One byte at a time, each within the idle timeout, never finishing the headers.
    try (TrickleClient trickle = TrickleClient.start(slow, request, Duration.ofMillis(20))) {
      await().until(() -> server.deadlines().headerTimeouts() == 1);
      assertThat(trickle.sent())
          .as("cut off before the headers were complete")
          .isLessThan(request.length());
    }

    assertThat(counters.headerTimeouts()).isEqualTo(1);
    assertThat(readToClose(slow)).as("no request was read, so nothing is answered").isEmpty();
    assertThat(pushesRouted).hasValue(0);
  }

  /**
   * Covers a bug where a kept-alive connection whose last request was refused (404, 401, 503) was
   * still timed from its opening, and closed at the header deadline while idle.
   */
  @Test
  void aKeptAliveConnectionIsNotCutOffWhileIdleAfterARefusedRequest() throws Exception {
    start(
        limits(Duration.ofMillis(300), Duration.ofMinutes(1), Duration.ofMinutes(1), 2048, 8, 4),
        Optional.empty());
    Socket socket = connect();
    write(socket, "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(readResponse(socket)).startsWith("HTTP/1.1 404 ");

    // Idle between requests for longer than the header timeout (the idle timeout's business):
    // until the server has checked its deadlines past the header timeout.
    long idleSince = System.nanoTime();
    await()
        .until(
            () ->
                server.deadlines().lastSweepNanos() - idleSince > Duration.ofMillis(300).toNanos());
    write(socket, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

    assertThat(readToClose(socket)).startsWith("HTTP/1.1 200 ").endsWith("ok\n");
    assertThat(server.deadlines().headerTimeouts()).isZero();
  }

  /** One response with a Content-Length body, read without waiting for the connection to close. */
  private static String readResponse(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    java.util.regex.Matcher length =
        java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
    int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
    return head + new String(in.readNBytes(bodyLength), StandardCharsets.ISO_8859_1);
  }

  @Test
  void slowHeaderConnectionsHoldNoThreadAndHealthzAndPushesAreStillAnswered() throws Exception {
    StatusLimits limits = relaxed();
    start(limits, Optional.empty());
    int slowClients = limits.maxRequests() * 25;
    for (int i = 0; i < slowClients; i++) {
      write(connect(), "POST /push HTTP/1.1\r\nHost: x\r\nContent-Le");
    }
    await().until(() -> server.connections() >= slowClients);

    HttpResponse<String> health = get("healthz");
    HttpResponse<String> push = post("push", "m 1\n".getBytes(StandardCharsets.UTF_8));

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(push.statusCode()).isEqualTo(200);
    assertThat(push.body()).isEqualTo("read m 1\n\n");
    assertThat(server.connections()).isGreaterThanOrEqualTo(slowClients);
    assertThat(server.activeRequests()).isZero();
  }

  @Test
  void aHeadGetsTheHeadersOfAGetWithoutTheBody() throws Exception {
    start(relaxed(), Optional.empty());
    Socket socket = connect();

    write(socket, "HEAD /both HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

    String answer = readToClose(socket);
    assertThat(answer).startsWith("HTTP/1.1 200 ").contains("Content-Length: 3\r\n");
    assertThat(answer).endsWith("\r\n\r\n");
  }

  @Test
  void oversizedHeadersGet431() throws Exception {
    start(relaxed(), Optional.empty());
    Socket socket = connect();

    write(socket, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(4096) + "\r\n\r\n");

    String answer = readToClose(socket);
    assertThat(answer).startsWith("HTTP/1.1 431 ");
    assertThat(answer).contains("larger than status.max-header-bytes");
    assertThat(counters.snapshot()).containsEntry("other", Map.of(431, 1L));
  }

  @Test
  void theTokenIsCheckedBeforeAnyBodyIsRead() throws Exception {
    start(relaxed(), Optional.of("s3cret"));
    Socket socket = connect();

    // A large body is announced, and 100-continue asked for; none of it is ever sent.
    write(
        socket,
        "POST /push HTTP/1.1\r\nHost: x\r\nContent-Length: 60000\r\nExpect: 100-continue\r\n\r\n");

    String answer = readToClose(socket);
    assertThat(answer).startsWith("HTTP/1.1 401 ").doesNotContain("100 Continue");
    assertThat(answer).contains("Connection: close").contains("WWW-Authenticate: Bearer");
    assertThat(pushesRouted).hasValue(0);
    assertThat(
            post("push", "m 1\n".getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer s3cret")
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void pushesPastTheLimitGet503WithRetryAfterWhileHealthzIsAnswered() throws Exception {
    start(
        limits(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1), 2048, 3, 2),
        Optional.empty());
    blockPushes = true;
    byte[] line = "m 1\n".getBytes(StandardCharsets.UTF_8);
    CompletableFuture<HttpResponse<String>> first = postAsync("push", line);
    CompletableFuture<HttpResponse<String>> second = postAsync("push", line);
    await().until(() -> pushesRouted.get() == 2);

    HttpResponse<String> third = post("push", line);
    HttpResponse<String> health = get("healthz");
    HttpResponse<String> login = post("login", "token=t".getBytes(StandardCharsets.UTF_8));

    assertThat(third.statusCode()).isEqualTo(503);
    assertThat(login.statusCode()).as("the login form is no push").isEqualTo(200);
    assertThat(third.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(third.body()).contains("status.max-pushes: 2");
    assertThat(health.statusCode()).isEqualTo(200);
    release.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(second.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(pushesRouted).hasValue(2);
  }

  @Test
  void requestsPastMaxRequestsGet503WithRetryAfter() throws Exception {
    start(
        limits(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1), 2048, 2, 2),
        Optional.empty());
    blockPushes = true;
    byte[] line = "m 1\n".getBytes(StandardCharsets.UTF_8);
    CompletableFuture<HttpResponse<String>> first = postAsync("push", line);
    CompletableFuture<HttpResponse<String>> second = postAsync("push", line);
    await().until(() -> pushesRouted.get() == 2);

    HttpResponse<String> health = get("healthz");

    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(health.body()).contains("status.max-requests: 2");
    release.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(second.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(get("healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void aBodyTrickledPastTheBodyDeadlineGets408() throws Exception {
    start(
        limits(Duration.ofMinutes(1), Duration.ofMillis(500), Duration.ofMinutes(1), 2048, 8, 4),
        Optional.empty());
    Socket socket = connect();
    write(socket, "POST /push HTTP/1.1\r\nHost: x\r\nContent-Length: 50000\r\n\r\n");

    // A byte at a time, never idle, until the server answers.
    try (TrickleClient trickle =
        TrickleClient.start(socket, "m".repeat(50_000), Duration.ofMillis(20))) {
      await().until(() -> socket.getInputStream().available() > 0 || trickle.refused());
      assertThat(trickle.sent()).as("answered before the body was complete").isLessThan(50_000);
    }

    String answer = readToClose(socket);
    assertThat(answer).startsWith("HTTP/1.1 408 ");
    assertThat(answer)
        .endsWith("the request body did not arrive within status.body-timeout (500 ms)\n");
    assertThat(server.deadlines().bodyTimeouts()).isEqualTo(1);
    assertThat(counters.snapshot()).containsEntry("/push", Map.of(408, 1L));
  }

  @Test
  void newConnectionsPastMaxConnectionsWaitForAFreeOne() throws Exception {
    start(
        limits(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1), 4, 8, 4),
        Optional.empty());
    List<Socket> idle = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      idle.add(connect());
    }
    await().until(() -> server.connections() == 4);

    CompletableFuture<HttpResponse<String>> waiting =
        http.sendAsync(
            HttpRequest.newBuilder(uri("healthz")).timeout(Duration.ofSeconds(30)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(server.connections()).isEqualTo(4);
    idle.get(0).close();

    assertThat(waiting.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(server.connections()).isLessThanOrEqualTo(4);
  }

  @Test
  void gzipTransferCodingBeforeChunkedIsDecoded() throws Exception {
    start(relaxed(), Optional.empty());
    Socket socket = connect();
    byte[] zipped = gzip("m 1\n".getBytes(StandardCharsets.UTF_8));

    write(
        socket,
        "POST /push HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n"
            + "Connection: close\r\n\r\n"
            + Integer.toHexString(zipped.length)
            + "\r\n");
    socket.getOutputStream().write(zipped);
    write(socket, "\r\n0\r\n\r\n");

    String answer = readToClose(socket);
    assertThat(answer).startsWith("HTTP/1.1 200 ").endsWith("read m 1\n\n");
  }

  @Test
  void gzipTransferCodingWithoutChunkedGets400SayingWhatToSend() throws Exception {
    start(relaxed(), Optional.empty());
    Socket socket = connect();

    write(socket, "POST /push HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nxyz");

    String answer = readToClose(socket);
    assertThat(answer).startsWith("HTTP/1.1 400 ");
    assertThat(answer).contains("send a gzipped body with Content-Encoding: gzip");
    assertThat(pushesRouted).hasValue(0);
  }

  @Test
  void anUnknownTransferCodingGets501SayingWhatToSend() throws Exception {
    start(relaxed(), Optional.empty());
    Socket socket = connect();

    write(
        socket,
        "POST /push HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: br, chunked\r\n"
            + "Connection: close\r\n\r\n3\r\nxyz\r\n0\r\n\r\n");

    String answer = readToClose(socket);
    assertThat(answer).startsWith("HTTP/1.1 501 ");
    assertThat(answer)
        .endsWith(
            "Transfer-Encoding \"br, chunked\" is not supported; send Content-Encoding: gzip, or"
                + " no encoding\n");
  }

  @Test
  void aGzipBombIsCutOffAtTheBodyLimitWith413() throws Exception {
    start(relaxed(), Optional.empty());
    byte[] bomb = gzip(new byte[(int) MAX_BODY * 64]);
    assertThat(bomb.length).isLessThan((int) MAX_BODY);

    HttpResponse<String> response = post("push", bomb, "Content-Encoding", "gzip");

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).isEqualTo("the decoded request body is larger than 65536 bytes\n");
  }

  @Test
  void aDeclaredBodyPastTheLimitGets413BeforeItIsRead() throws Exception {
    start(relaxed(), Optional.empty());
    Socket socket = connect();

    write(
        socket, "POST /push HTTP/1.1\r\nHost: x\r\nContent-Length: " + (MAX_BODY + 1) + "\r\n\r\n");

    String answer = readToClose(socket);
    assertThat(answer).startsWith("HTTP/1.1 413 ").contains("Connection: close");
    assertThat(pushesRouted).hasValue(0);
  }

  @Test
  void anAddressInUseFailsTheStartWithABindException() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  StatusServer.start(
                      new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort()),
                      Optional.empty(),
                      MAX_BODY,
                      Map.of(),
                      relaxed(),
                      StatusServer.Options.defaults(),
                      counters))
          .isInstanceOf(java.net.BindException.class);
    }
  }

  @Test
  void stoppingAnswers503AndThenCloses() throws Exception {
    start(relaxed(), Optional.empty());
    blockPushes = true;
    CompletableFuture<HttpResponse<String>> inProgress =
        postAsync("push", "m 1\n".getBytes(StandardCharsets.UTF_8));
    await().until(() -> pushesRouted.get() == 1);
    CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
    await().until(() -> get("healthz").statusCode() == 503);

    release.countDown();

    assertThat(inProgress.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    stopping.get(30, TimeUnit.SECONDS);
    server = null;
  }
}
