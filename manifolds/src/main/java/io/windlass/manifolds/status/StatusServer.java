package io.windlass.manifolds.status;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import io.windlass.manifolds.config.StatusLimits;
import io.windlass.manifolds.console.Console;
import io.windlass.manifolds.console.ConsoleLogin;
import io.windlass.spool.ingest.http.BodyTooLargeException;
import io.windlass.spool.ingest.http.LimitedInputStream;
import io.windlass.spool.ingest.http.RequestBodyStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status server: Jetty's HTTP/1.1 server (its core handler API) on one address, serving a fixed
 * set of {@link Endpoint}s by path, exact or prefix ({@link RouteTable}). Jetty reads requests
 * without a thread per connection (a connection waiting for its headers costs memory, not a
 * thread), answers malformed requests itself ({@link StatusErrorHandler}), and runs each request
 * whose headers are in on a bounded pool of threads. Around every route the server enforces:
 *
 * <ul>
 *   <li><b>Auth first.</b> With a token, every request must carry it ({@link TokenCheck}: {@code
 *       Authorization: Bearer <token>}, or InfluxDB's {@code Token <token>}, or Basic with the
 *       token as password; compared in constant time), or gets {@code 401}, whatever its path. It
 *       is checked as soon as the headers are in: no body is read before, and a refused request's
 *       connection is closed rather than its body read. A browser may instead carry the web
 *       console's login cookie, for reads only ({@link ConsoleLogin}); the one body read without
 *       the token is the console's login form's ({@code POST /login}), at most {@link
 *       ConsoleLogin#MAX_FORM_BYTES} bytes, which carries it.
 *   <li><b>Paths and methods.</b> An unknown path gets {@code 404}; a known one with a method its
 *       endpoint does not take {@code 405} with {@code Allow}. A {@code HEAD} is answered as its
 *       route answers it, without the body.
 *   <li><b>Overload.</b> At most {@link StatusLimits#maxRequests()} requests in progress, and
 *       {@link StatusLimits#maxPushes()} pushes ({@code POST}s and {@code PUT}s) among them; past
 *       either, {@code 503} with {@code Retry-After: }{@value #OVERLOAD_RETRY_AFTER_SECONDS},
 *       before the body is read. At most {@link StatusLimits#maxConnections()} connections: past
 *       that, new ones wait in the listen backlog.
 *   <li><b>Sizes.</b> Request line and headers past {@link StatusLimits#maxHeaderBytes()} get
 *       {@code 431}. A {@code Content-Length} past the body limit gets {@code 413} before anything
 *       is read; a body without one (chunked), or one that decodes to more, is cut off at the limit
 *       while it is read ({@link BodyTooLargeException}).
 *   <li><b>Deadlines.</b> Headers within {@link StatusLimits#headerTimeout()} (else the connection
 *       is closed), the body within {@link StatusLimits#bodyTimeout()} ({@code 408}), and no
 *       connection silent for {@link StatusLimits#idleTimeout()} (a stalled body gets {@code 408});
 *       see {@link ReadDeadlines}.
 *   <li><b>Compression.</b> A response body of {@value StatusResponseWriter#GZIP_MIN_BYTES} bytes
 *       or more is gzipped for a client that accepts it ({@link StatusResponseWriter}).
 * </ul>
 *
 * <p>Responses are counted by path and status ({@link RequestCounters}). Single-use: {@link #start}
 * binds and serves, {@link #close()} stops.
 */
final class StatusServer implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(StatusServer.class);

  /** What a {@code 503} for overload asks the client to wait before retrying, in seconds. */
  static final int OVERLOAD_RETRY_AFTER_SECONDS = 1;

  /** The threads beyond {@code max-requests}: the selector's, and room for refusing requests. */
  static final int SPARE_THREADS = 6;

  /**
   * The threads kept when no request comes: the selector's, which also accepts. A request finds
   * more started on demand.
   */
  static final int MIN_THREADS = 1;

  /**
   * How long a thread beyond {@link #MIN_THREADS} may be idle before it ends (Jetty ends one such
   * thread per period): an agent at rest soon keeps the selector's thread alone, while the gaps
   * between a client's pushes are far shorter.
   */
  static final Duration THREAD_IDLE_TIMEOUT = Duration.ofSeconds(5);

  /** How often the deadlines are checked, at most. */
  static final Duration MAX_SWEEP_INTERVAL = Duration.ofSeconds(1);

  /**
   * How the server stops.
   *
   * @param stopGrace how long {@link #close()} lets requests in progress finish
   */
  record Options(Duration stopGrace) {
    static Options defaults() {
      return new Options(Duration.ofSeconds(5));
    }
  }

  /** Answers requests on one path, or on the paths of a prefix. */
  @FunctionalInterface
  interface Route {
    StatusResponse handle(StatusRequest request) throws IOException;
  }

  /**
   * A path's methods and route.
   *
   * @param methods the methods it takes, in the order {@code Allow} names them: {@code GET}, {@code
   *     HEAD}, {@code DELETE}, or {@code POST} and {@code PUT} (pushes, counted against {@code
   *     max-pushes})
   */
  record Endpoint(Set<String> methods, Route route) {
    Endpoint {
      methods = ImmutableSet.copyOf(methods);
      if (methods.isEmpty()) {
        throw new IllegalArgumentException("an endpoint takes at least one method");
      }
    }

    /** One method. */
    Endpoint(String method, Route route) {
      this(ImmutableSet.of(method), route);
    }

    /** Whether a request of {@code method} is a push: it carries data to store. */
    static boolean isPush(String method) {
      return method.equals("POST") || method.equals("PUT");
    }

    /** The {@code Allow} header's value. */
    String allow() {
      return String.join(", ", methods);
    }
  }

  /**
   * Responses by path pattern (unknown paths as {@code other}) and status, and connections closed
   * for not sending their headers in time (no response). Thread-safe.
   */
  static final class RequestCounters {
    private final ConcurrentHashMap<String, ConcurrentHashMap<Integer, LongAdder>> counts =
        new ConcurrentHashMap<>();
    private final LongAdder headerTimeouts = new LongAdder();

    void countHeaderTimeout() {
      headerTimeouts.increment();
    }

    /** Connections closed at the header deadline. */
    long headerTimeouts() {
      return headerTimeouts.sum();
    }

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

  private final Server jetty;
  private final ServerConnector connector;
  private final Scheduler scheduler;
  private final ReadDeadlines deadlines;
  private final RouteTable routes;
  private final @Nullable TokenCheck token;
  private final @Nullable ConsoleLogin browserLogin;
  private final long maxBodyBytes;
  private final StatusLimits limits;
  private final Options options;
  private final RequestCounters counters;
  private final String host;
  private final Object inFlightLock = new Object();
  private int inFlight; // guarded by inFlightLock
  private int pushesInFlight; // guarded by inFlightLock
  private boolean stopping; // guarded by inFlightLock

  /**
   * A server built, not started: it binds nothing and runs nothing until {@link #start} starts one.
   * Building one also initializes Jetty's classes ({@link StatusServerWarmUp}).
   */
  StatusServer(
      InetSocketAddress listen,
      Map<String, Endpoint> endpoints,
      Optional<String> token,
      long maxBodyBytes,
      StatusLimits limits,
      Options options,
      RequestCounters counters) {
    this.routes = new RouteTable(endpoints);
    this.token = token.map(TokenCheck::new).orElse(null);
    this.browserLogin = token.map(ConsoleLogin::new).orElse(null);
    this.maxBodyBytes = maxBodyBytes;
    this.limits = limits;
    this.options = options;
    this.counters = counters;
    this.host = listen.getHostString();
    this.deadlines =
        new ReadDeadlines(
            limits.headerTimeout(),
            limits.bodyTimeout(),
            System::nanoTime,
            counters::countHeaderTimeout);

    QueuedThreadPool threads =
        new QueuedThreadPool(
            limits.maxRequests() + SPARE_THREADS,
            MIN_THREADS,
            (int) THREAD_IDLE_TIMEOUT.toMillis());
    threads.setName("windlass-status");
    threads.setDaemon(true);
    threads.setReservedThreads(0);
    this.scheduler = new ScheduledExecutorScheduler("windlass-status-scheduler", true);
    this.jetty = new Server(threads, scheduler, null);
    jetty.setStopTimeout(options.stopGrace().toMillis());
    jetty.setErrorHandler(new StatusErrorHandler(counters));

    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize((int) limits.maxHeaderBytes().bytes());
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setIdleTimeout(-1); // the connector's idle timeout applies throughout
    // 0 acceptors: the one selector thread accepts too.
    this.connector = new ServerConnector(jetty, 0, 1, new HttpConnectionFactory(http));
    connector.setHost(listen.getAddress().getHostAddress());
    connector.setPort(listen.getPort());
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    connector.addBean(deadlines.listener());
    jetty.addConnector(connector);
    jetty.addBean(new ConnectionLimit(limits.maxConnections(), jetty));
    jetty.setHandler(new Dispatch());
  }

  /**
   * Binds {@code listen} (port 0: a free port) and serves {@code endpoints} (path pattern to
   * endpoint, see {@link RouteTable}).
   *
   * @param token the bearer token every request must carry, if any
   * @param maxBodyBytes the largest request body taken
   * @throws BindException if the address cannot be bound
   * @throws IOException if the server cannot start otherwise
   */
  static StatusServer start(
      InetSocketAddress listen,
      Optional<String> token,
      long maxBodyBytes,
      Map<String, Endpoint> endpoints,
      StatusLimits limits,
      Options options,
      RequestCounters counters)
      throws IOException {
    StatusServerWarmUp.await();
    StatusServer server =
        new StatusServer(
            listen, endpoints, token, maxBodyBytes, limits, options, requireNonNull(counters));
    try {
      server.jetty.start();
    } catch (Exception e) {
      server.stopJetty();
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof BindException bind) {
          throw bind;
        }
      }
      throw e instanceof IOException io ? io : new IOException("status server did not start", e);
    }
    long tick =
        Math.max(
            10,
            Math.min(
                MAX_SWEEP_INTERVAL.toMillis(),
                Math.min(limits.headerTimeout().toMillis(), limits.bodyTimeout().toMillis()) / 4));
    server.sweepEvery(tick);
    return server;
  }

  /** Checks the read deadlines every {@code tickMillis}, on Jetty's scheduler, until it stops. */
  private void sweepEvery(long tickMillis) {
    scheduler.schedule(
        () -> {
          try {
            deadlines.sweep();
          } catch (RuntimeException e) {
            log.warn("status server: checking read deadlines failed", e);
          }
          if (jetty.isRunning()) {
            sweepEvery(tickMillis);
          }
        },
        tickMillis,
        TimeUnit.MILLISECONDS);
  }

  /** The address bound. */
  InetSocketAddress address() {
    return new InetSocketAddress(host, connector.getLocalPort());
  }

  /**
   * The base URL clients use, {@code http://127.0.0.1:9465/}: a wildcard address is given as the
   * loopback address.
   */
  String url() {
    return urlOf(address());
  }

  /** Requests being served now. */
  int activeRequests() {
    synchronized (inFlightLock) {
      return inFlight;
    }
  }

  /** Connections open now. */
  int connections() {
    return deadlines.connections();
  }

  /** The read deadlines, for their counts. */
  ReadDeadlines deadlines() {
    return deadlines;
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
    stopJetty();
  }

  private void stopJetty() {
    try {
      jetty.stop();
    } catch (Exception e) {
      log.warn("status server did not stop cleanly: {}", e.toString());
    }
  }

  /** Why a request may not start now, or null if it may. */
  private @Nullable StatusResponse enter(boolean push) {
    synchronized (inFlightLock) {
      if (stopping) {
        return StatusResponse.text(503, "the status server is stopping")
            .withHeader("Connection", "close")
            .withHeader("Retry-After", "1");
      }
      if (inFlight >= limits.maxRequests()) {
        return overloaded(
            "too many requests in progress (status.max-requests: " + limits.maxRequests() + ")");
      }
      if (push && pushesInFlight >= limits.maxPushes()) {
        return overloaded(
            "too many pushes in progress (status.max-pushes: " + limits.maxPushes() + ")");
      }
      inFlight++;
      if (push) {
        pushesInFlight++;
      }
      return null;
    }
  }

  private void exit(boolean push) {
    synchronized (inFlightLock) {
      inFlight--;
      if (push) {
        pushesInFlight--;
      }
      if (inFlight == 0) {
        inFlightLock.notifyAll();
      }
    }
  }

  private static StatusResponse overloaded(String why) {
    return StatusResponse.text(503, "busy: " + why + "; retry later")
        .withHeader("Retry-After", Integer.toString(OVERLOAD_RETRY_AFTER_SECONDS));
  }

  /** The one handler: every request, once its headers are in. */
  private final class Dispatch extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = request.getHttpURI().getPath();
      RouteTable.Match match = routes.match(path);
      String counted = match == null ? "other" : match.pattern();
      boolean hasBody = hasBody(request);
      Object connection = request.getConnectionMetaData().getConnection();
      // Every request, refused or not, ends by putting its connection back under the header
      // deadline for the next one.
      Callback ended =
          Callback.from(
              () -> {
                deadlines.requestEnded(connection);
                callback.succeeded();
              },
              failure -> {
                deadlines.requestEnded(connection);
                callback.failed(failure);
              });
      StatusResponse refusal = check(request, match, path);
      // The console's login form is posted, but carries no data to store: not a push.
      boolean push =
          refusal == null && Endpoint.isPush(request.getMethod()) && !path.equals(Console.LOGIN);
      if (refusal == null) {
        refusal = enter(push);
      }
      if (refusal != null) {
        deadlines.requestStarted(connection, () -> true);
        finish(request, response, ended, counted, refusal, hasBody);
        return true;
      }
      // While the route works between reads, an idle connection is not a failure: a stalled read
      // fails on its own (its pending read gets the timeout).
      request.addIdleTimeoutListener(timeout -> false);
      RequestBodyStream source = new RequestBodyStream(Content.Source.asInputStream(request));
      LimitedInputStream body = new LimitedInputStream(source, maxBodyBytes, "request body");
      ReadDeadlines.Body deadline =
          deadlines.requestStarted(connection, () -> !hasBody || body.finished());
      StatusResponse answer;
      try {
        answer = route(request, requireNonNull(match), body);
      } catch (IOException | RuntimeException e) {
        answer = source.timedOut() ? null : internalError(request, path, e);
      } finally {
        exit(push);
      }
      if (source.timedOut() || deadline.expired()) {
        answer = timedOut(deadline.expired());
      }
      finish(
          request, response, ended, counted, requireNonNull(answer), hasBody && !body.finished());
      return true;
    }
  }

  private StatusResponse timedOut(boolean bodyDeadline) {
    String why =
        bodyDeadline
            ? "the request body did not arrive within status.body-timeout ("
                + limits.bodyTimeout().toMillis()
                + " ms)"
            : "the request body stopped arriving for status.idle-timeout ("
                + limits.idleTimeout().toMillis()
                + " ms)";
    return StatusResponse.text(408, why).withHeader("Connection", "close");
  }

  private static StatusResponse internalError(Request request, String path, Exception e) {
    log.warn("status server: {} {} failed", request.getMethod(), path, e);
    return StatusResponse.text(500, "internal error: " + e);
  }

  /** The answer of a request refused before its route runs, or null if it may run. */
  private @Nullable StatusResponse check(
      Request request, RouteTable.@Nullable Match match, String path) {
    TokenCheck required = token;
    if (required != null && !required.admits(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
      // A browser's way in: the console's login cookie, or the login form's post.
      ConsoleLogin.Access access =
          requireNonNull(browserLogin)
              .decide(request.getMethod(), path, request.getHeaders().get(HttpHeader.COOKIE));
      if (access instanceof ConsoleLogin.Answer answer) {
        return ConsoleRoutes.answer(answer.response());
      }
      if (!(access instanceof ConsoleLogin.Admit)) {
        return StatusResponse.text(401, "unauthorized: " + TokenCheck.HOW)
            .withHeader("WWW-Authenticate", "Bearer realm=\"windlass\"");
      }
    }
    if (match == null) {
      return StatusResponse.text(404, "not found: " + path);
    }
    Endpoint endpoint = match.endpoint();
    if (!endpoint.methods().contains(request.getMethod())) {
      return StatusResponse.text(
              405,
              "method "
                  + request.getMethod()
                  + " is not allowed on "
                  + path
                  + "; use "
                  + endpoint.allow())
          .withHeader("Allow", endpoint.allow());
    }
    long length = request.getLength();
    if (length > maxBodyBytes) {
      return StatusResponse.text(
          413,
          "the request body of "
              + length
              + " bytes is larger than the limit of "
              + maxBodyBytes
              + " bytes");
    }
    return null;
  }

  private StatusResponse route(Request request, RouteTable.Match match, LimitedInputStream body)
      throws IOException {
    StatusRequest statusRequest =
        new StatusRequest(
            request.getMethod(),
            request.getHttpURI().getPath(),
            match.subpath(),
            request.getHttpURI().getQuery(),
            name -> request.getHeaders().get(name),
            body,
            maxBodyBytes);
    try {
      return match.endpoint().route().handle(statusRequest);
    } catch (StatusRequest.UnsupportedEncodingException e) {
      return StatusResponse.text(e.status(), e.getMessage());
    }
  }

  /** Whether the request has a body to read: a non-zero Content-Length, or a chunked one. */
  private static boolean hasBody(Request request) {
    long length = request.getLength();
    if (length >= 0) {
      return length > 0;
    }
    return request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
  }

  /**
   * Counts and writes {@code answer}; a request whose body is left unread has its connection closed
   * after the answer, so that its body is never read.
   */
  private void finish(
      Request request,
      Response response,
      Callback callback,
      String counted,
      StatusResponse answer,
      boolean bodyUnread) {
    if (bodyUnread && !answer.headers().containsKey("Connection")) {
      answer = answer.withHeader("Connection", "close");
    }
    counters.count(counted, answer.status());
    try {
      StatusResponseWriter.send(request, response, callback, answer);
    } catch (IOException | RuntimeException e) {
      log.debug("status server: could not answer {} {}: {}", request.getMethod(), counted, e);
      callback.failed(e);
    }
  }
}
