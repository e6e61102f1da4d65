package io.windlass.manifolds.status;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status server: the JDK's {@link HttpServer} on one address, serving a fixed set of {@link
 * Endpoint}s by exact path. Around every route it enforces:
 *
 * <ul>
 *   <li><b>Auth.</b> With a token, every request must carry {@code Authorization: Bearer <token>}
 *       (compared in constant time), or gets {@code 401}, whatever its path.
 *   <li><b>Paths and methods.</b> An unknown path gets {@code 404}; a known one with another method
 *       {@code 405} with {@code Allow}.
 *   <li><b>Body limit.</b> A {@code Content-Length} past the limit gets {@code 413} before anything
 *       is read; a body without one (chunked), or one that decodes to more, is cut off at the limit
 *       while it is read ({@link BodyTooLargeException}). The connection is then closed.
 *   <li><b>Read timeout.</b> A request whose body stops arriving for {@link Options#readTimeout()}
 *       is dropped: its connection is closed, which ends the blocked read. (The JDK server's own
 *       {@code sun.net.httpserver.maxReqTime}, set to {@value #MAX_REQUEST_SECONDS} s unless the
 *       process sets it, bounds the whole request, headers included.)
 *   <li><b>Threads.</b> Requests run on at most {@link Options#threads()} threads, with up to
 *       {@value #QUEUED_CONNECTIONS} more waiting; past that, a new connection is closed at once.
 *   <li><b>Compression.</b> A response body of {@value #GZIP_MIN_BYTES} bytes or more is gzipped
 *       for a client that accepts it.
 * </ul>
 *
 * <p>Responses are counted by path and status ({@link RequestCounters}). Single-use: {@link #start}
 * binds and serves, {@link #close()} stops.
 */
final class StatusServer implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(StatusServer.class);

  static final String MAX_REQUEST_TIME_PROPERTY = "sun.net.httpserver.maxReqTime";
  static final int MAX_REQUEST_SECONDS = 300;
  static final int QUEUED_CONNECTIONS = 256;
  static final int GZIP_MIN_BYTES = 4096;

  /**
   * How the server runs.
   *
   * @param threads the most requests served at once
   * @param readTimeout how long a request body may stop arriving before the request is dropped
   * @param stopGrace how long {@link #close()} lets requests in progress finish
   */
  record Options(int threads, Duration readTimeout, Duration stopGrace) {
    static Options defaults() {
      return new Options(16, Duration.ofSeconds(30), Duration.ofSeconds(5));
    }
  }

  /** Answers requests on one path. */
  @FunctionalInterface
  interface Route {
    StatusResponse handle(StatusRequest request) throws IOException;
  }

  /**
   * A path's method and route.
   *
   * @param method {@code GET} or {@code POST}
   */
  record Endpoint(String method, Route route) {}

  /** Responses by path (unknown paths as {@code other}) and status. Thread-safe. */
  static final class RequestCounters {
    private final ConcurrentHashMap<String, ConcurrentHashMap<Integer, LongAdder>> counts =
        new ConcurrentHashMap<>();

    void count(String path, int status) {
      counts
          .computeIfAbsent(path, p -> new ConcurrentHashMap<>())
          .computeIfAbsent(status, s -> new LongAdder())
          .increment();
    }

    /** Path to status to count, sorted. */
    Map<String, Map<Integer, Long>> snapshot() {
      ImmutableSortedMap.Builder<String, Map<Integer, Long>> paths =
          ImmutableSortedMap.naturalOrder();
      counts.forEach(
          (path, byStatus) -> {
            ImmutableSortedMap.Builder<Integer, Long> statuses = ImmutableSortedMap.naturalOrder();
            byStatus.forEach((status, count) -> statuses.put(status, count.sum()));
            paths.put(path, statuses.buildOrThrow());
          });
      return paths.buildOrThrow();
    }
  }

  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final ScheduledExecutorService watchdog;
  private final Map<String, Endpoint> endpoints;
  private final byte @Nullable [] tokenDigest;
  private final long maxBodyBytes;
  private final Options options;
  private final RequestCounters counters;
  private final Set<InProgress> reading = ConcurrentHashMap.newKeySet();
  private final String url;
  private final Object inFlightLock = new Object();
  private int inFlight; // guarded by inFlightLock
  private boolean stopping; // guarded by inFlightLock

  private StatusServer(
      HttpServer server,
      Map<String, Endpoint> endpoints,
      Optional<String> token,
      long maxBodyBytes,
      Options options,
      RequestCounters counters) {
    this.server = server;
    this.endpoints = ImmutableMap.copyOf(endpoints);
    this.tokenDigest = token.map(t -> sha256("Bearer " + t)).orElse(null);
    this.maxBodyBytes = maxBodyBytes;
    this.options = options;
    this.counters = counters;
    this.executor =
        new ThreadPoolExecutor(
            options.threads(),
            options.threads(),
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUED_CONNECTIONS),
            new ThreadFactoryBuilder().setNameFormat("windlass-status-%d").setDaemon(true).build());
    executor.allowCoreThreadTimeOut(true);
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            new ThreadFactoryBuilder()
                .setNameFormat("windlass-status-timeout")
                .setDaemon(true)
                .build());
    this.url = urlOf(server.getAddress());
  }

  /**
   * Binds {@code listen} (port 0: a free port) and serves {@code endpoints} (path to endpoint).
   *
   * @param token the bearer token every request must carry, if any
   * @param maxBodyBytes the largest request body taken
   * @throws IOException if the address cannot be bound
   */
  static StatusServer start(
      InetSocketAddress listen,
      Optional<String> token,
      long maxBodyBytes,
      Map<String, Endpoint> endpoints,
      Options options,
      RequestCounters counters)
      throws IOException {
    if (System.getProperty(MAX_REQUEST_TIME_PROPERTY) == null) {
      System.setProperty(MAX_REQUEST_TIME_PROPERTY, Integer.toString(MAX_REQUEST_SECONDS));
    }
    HttpServer http = HttpServer.create(listen, 0);
    StatusServer server =
        new StatusServer(http, endpoints, token, maxBodyBytes, options, requireNonNull(counters));
    http.createContext("/", server::serve);
    http.setExecutor(server.executor);
    http.start();
    long tick = Math.max(10, options.readTimeout().toMillis() / 4);
    server.watchdog.scheduleWithFixedDelay(server::dropStalled, tick, tick, TimeUnit.MILLISECONDS);
    return server;
  }

  /** The address bound. */
  InetSocketAddress address() {
    return server.getAddress();
  }

  /**
   * The base URL clients use, {@code http://127.0.0.1:9465/}: a wildcard address is given as the
   * loopback address.
   */
  String url() {
    return url;
  }

  /** Requests being served now. */
  int activeRequests() {
    synchronized (inFlightLock) {
      return inFlight;
    }
  }

  static String urlOf(InetSocketAddress address) {
    InetAddress host = address.getAddress();
    if (host.isAnyLocalAddress()) {
      host = host instanceof Inet6Address ? loopback6() : InetAddress.getLoopbackAddress();
    }
    String text = host.getHostAddress();
    if (host instanceof Inet6Address) {
      int scope = text.indexOf('%');
      text = "[" + (scope < 0 ? text : text.substring(0, scope)) + "]";
    }
    return "http://" + text + ":" + address.getPort() + "/";
  }

  private static InetAddress loopback6() {
    try {
      return InetAddress.getByName("::1");
    } catch (IOException e) {
      return InetAddress.getLoopbackAddress();
    }
  }

  /**
   * Stops: new requests get {@code 503}, requests in progress get up to {@link Options#stopGrace()}
   * to finish, then the server closes every connection.
   */
  @Override
  public void close() {
    long deadline = System.nanoTime() + options.stopGrace().toNanos();
    synchronized (inFlightLock) {
      stopping = true;
      try {
        while (inFlight > 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          TimeUnit.NANOSECONDS.timedWait(inFlightLock, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    watchdog.shutdownNow();
    server.stop(0);
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(
          options.stopGrace().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
        log.warn("status server threads still busy after stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A request being answered, whose body may still be read; for the read timeout. */
  private static final class InProgress {
    final HttpExchange exchange;
    final LimitedInputStream body;
    volatile boolean dropped;

    InProgress(HttpExchange exchange, LimitedInputStream body) {
      this.exchange = exchange;
      this.body = body;
    }
  }

  private void dropStalled() {
    long now = System.nanoTime();
    long timeout = options.readTimeout().toNanos();
    for (InProgress request : reading) {
      if (!request.body.finished() && now - request.body.lastProgressNanos() > timeout) {
        request.dropped = true;
        reading.remove(request);
        log.debug(
            "dropping a request to {} from {}: no data for {}",
            request.exchange.getRequestURI().getRawPath(),
            request.exchange.getRemoteAddress(),
            options.readTimeout());
        // Before the response is started, closing the exchange closes the connection, which ends
        // the handler's blocked read.
        request.exchange.close();
      }
    }
  }

  private void serve(HttpExchange exchange) {
    synchronized (inFlightLock) {
      if (stopping) {
        refuseWhileStopping(exchange);
        return;
      }
      inFlight++;
    }
    try {
      serveInFlight(exchange);
    } finally {
      synchronized (inFlightLock) {
        inFlight--;
        if (inFlight == 0) {
          inFlightLock.notifyAll();
        }
      }
    }
  }

  private void refuseWhileStopping(HttpExchange exchange) {
    try {
      send(
          exchange,
          StatusResponse.text(503, "the status server is stopping")
              .withHeader("Connection", "close")
              .withHeader("Retry-After", "1"));
    } catch (IOException e) {
      // The client went away.
    } finally {
      exchange.close();
    }
  }

  private void serveInFlight(HttpExchange exchange) {
    String path = exchange.getRequestURI().getRawPath();
    Endpoint endpoint = endpoints.get(path);
    String counted = endpoint == null ? "other" : path;
    LimitedInputStream body =
        new LimitedInputStream(exchange.getRequestBody(), maxBodyBytes, "request body");
    InProgress request = new InProgress(exchange, body);
    boolean hasBody = hasBody(exchange);
    if (hasBody) {
      reading.add(request);
    }
    StatusResponse response;
    try {
      response = respond(exchange, endpoint, body, hasBody);
    } catch (IOException | RuntimeException e) {
      if (!request.dropped) {
        log.warn("status server: {} {} failed", exchange.getRequestMethod(), path, e);
      }
      response = StatusResponse.text(500, "internal error: " + e);
    } finally {
      reading.remove(request);
    }
    if (request.dropped) {
      counters.count(counted, 408);
      exchange.close();
      return;
    }
    counters.count(counted, response.status());
    try {
      send(exchange, response);
    } catch (IOException e) {
      log.debug("status server: could not answer {} {}: {}", exchange.getRequestMethod(), path, e);
    } finally {
      exchange.close();
    }
  }

  /** Whether the request has a body to read: a non-zero Content-Length, or a chunked one. */
  private static boolean hasBody(HttpExchange exchange) {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      return declaredLength(length) != 0;
    }
    return exchange.getRequestHeaders().getFirst("Transfer-Encoding") != null;
  }

  private StatusResponse respond(
      HttpExchange exchange, @Nullable Endpoint endpoint, LimitedInputStream body, boolean hasBody)
      throws IOException {
    if (tokenDigest != null
        && !authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
      return StatusResponse.text(401, "unauthorized: send 'Authorization: Bearer <token>'")
          .withHeader("WWW-Authenticate", "Bearer realm=\"windlass\"");
    }
    if (endpoint == null) {
      return StatusResponse.text(404, "not found: " + exchange.getRequestURI().getRawPath());
    }
    if (!endpoint.method().equals(exchange.getRequestMethod())) {
      return StatusResponse.text(
              405,
              "method "
                  + exchange.getRequestMethod()
                  + " is not allowed on "
                  + exchange.getRequestURI().getRawPath()
                  + "; use "
                  + endpoint.method())
          .withHeader("Allow", endpoint.method());
    }
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null && declaredLength(length) > maxBodyBytes) {
      return StatusResponse.text(
              413,
              "the request body of "
                  + length.trim()
                  + " bytes is larger than the limit of "
                  + maxBodyBytes
                  + " bytes")
          .withHeader("Connection", "close");
    }
    StatusRequest request = new StatusRequest(exchange, body, maxBodyBytes);
    try {
      StatusResponse response = endpoint.route().handle(request);
      if (response.status() == 413 || (hasBody && !body.finished() && response.status() >= 400)) {
        response = response.withHeader("Connection", "close");
      }
      return response;
    } catch (StatusRequest.UnsupportedEncodingException e) {
      return StatusResponse.text(415, e.getMessage()).withHeader("Connection", "close");
    }
  }

  private static long declaredLength(String length) {
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private boolean authorized(@Nullable String authorization) {
    byte[] expected = tokenDigest;
    if (expected == null) {
      return true;
    }
    // Digests of equal length: the comparison takes the same time whatever was sent.
    byte[] given = sha256(authorization == null ? "" : authorization.trim());
    return MessageDigest.isEqual(expected, given);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  private static void send(HttpExchange exchange, StatusResponse response) throws IOException {
    response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    byte[] body = response.body();
    if (body.length == 0) {
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    if (body.length >= GZIP_MIN_BYTES && acceptsGzip(exchange)) {
      ByteArrayOutputStream zipped = new ByteArrayOutputStream(body.length / 4);
      try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
        gzip.write(body);
      }
      body = zipped.toByteArray();
      exchange.getResponseHeaders().set("Content-Encoding", "gzip");
    }
    exchange.sendResponseHeaders(response.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static boolean acceptsGzip(HttpExchange exchange) {
    for (String value :
        exchange.getRequestHeaders().getOrDefault("Accept-Encoding", java.util.List.of())) {
      for (String coding : value.split(",")) {
        String name = coding.trim().toLowerCase(Locale.ROOT);
        int params = name.indexOf(';');
        if (params >= 0) {
          if (name.substring(params).replace(" ", "").equals(";q=0")) {
            continue;
          }
          name = name.substring(0, params).trim();
        }
        if (name.equals("gzip")) {
          return true;
        }
      }
    }
    return false;
  }
}
