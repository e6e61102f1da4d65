package io.windlass.manifolds.status;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.eclipse.jetty.io.Connection;
import org.jspecify.annotations.Nullable;

/**
 * The status server's header and body deadlines, which the HTTP server's idle timeout cannot give:
 * a client that sends a byte now and then never goes idle.
 *
 * <ul>
 *   <li><b>Headers.</b> A connection must deliver a request's line and headers within the header
 *       timeout, counted from its opening or, once kept alive after a response, from the next
 *       request's first byte. Past it, the connection is closed: no request was read to answer.
 *   <li><b>Body.</b> A request's body must be read within the body timeout, counted from its
 *       headers. Past it, the request's pending read is failed (the connection's idle timeout is
 *       cut to {@value #EXPIRE_NOW_MILLIS} ms, which fails a blocked read with a {@code
 *       TimeoutException}), so that the request is answered {@code 408}.
 * </ul>
 *
 * <p>A connection waiting for headers holds no thread: {@link #sweep()} runs every so often and
 * checks all of them. Registered as a {@link Connection.Listener} on the connector; the server
 * tells it when a request's handling starts and ends. Thread-safe.
 */
final class ReadDeadlines implements Connection.Listener {

  /** The idle timeout that fails a pending read at once. */
  static final long EXPIRE_NOW_MILLIS = 1;

  private final long headerTimeoutNanos;
  private final long bodyTimeoutNanos;
  private final LongSupplier nanoTime;
  private final Map<Connection, Tracked> connections = new ConcurrentHashMap<>();
  private final LongAdder headerTimeouts = new LongAdder();
  private final LongAdder bodyTimeouts = new LongAdder();

  /** One connection's state. Fields guarded by the instance. */
  private static final class Tracked {
    /** When the current request's headers started to arrive, or -1 while none has. */
    long headersSince;

    /** The connection's bytes in when it last finished a request. */
    long bytesInAtRest;

    /** The request in progress, or null while waiting for one. */
    @Nullable Body body;

    Tracked(long headersSince) {
      this.headersSince = headersSince;
    }
  }

  /** A request in progress: its body's deadline and whether it has been read. */
  static final class Body {
    private final long deadlineNanos;
    private final BooleanSupplier finished;
    private volatile boolean expired;

    private Body(long deadlineNanos, BooleanSupplier finished) {
      this.deadlineNanos = deadlineNanos;
      this.finished = finished;
    }

    /** Whether the body timeout cut this request off. */
    boolean expired() {
      return expired;
    }
  }

  /**
   * @param nanoTime the clock, {@link System#nanoTime()} but in tests
   */
  ReadDeadlines(Duration headerTimeout, Duration bodyTimeout, LongSupplier nanoTime) {
    this.headerTimeoutNanos = headerTimeout.toNanos();
    this.bodyTimeoutNanos = bodyTimeout.toNanos();
    this.nanoTime = nanoTime;
  }

  @Override
  public void onOpened(Connection connection) {
    connections.put(connection, new Tracked(nanoTime.getAsLong()));
  }

  @Override
  public void onClosed(Connection connection) {
    connections.remove(connection);
  }

  /**
   * A request's headers are in and its handling starts; its body must have been read ({@code
   * finished}) before the body timeout.
   */
  Body requestStarted(Connection connection, BooleanSupplier finished) {
    Body body = new Body(nanoTime.getAsLong() + bodyTimeoutNanos, finished);
    Tracked tracked = connections.get(connection);
    if (tracked != null) {
      synchronized (tracked) {
        tracked.body = body;
        tracked.headersSince = -1;
      }
    }
    return body;
  }

  /** The request's response is written: the connection waits for the next request. */
  void requestEnded(Connection connection) {
    Tracked tracked = connections.get(connection);
    if (tracked != null) {
      synchronized (tracked) {
        tracked.body = null;
        tracked.headersSince = -1;
        tracked.bytesInAtRest = connection.getBytesIn();
      }
    }
  }

  /** Enforces the deadlines on every connection; the server calls it every so often. */
  void sweep() {
    long now = nanoTime.getAsLong();
    connections.forEach((connection, tracked) -> sweep(connection, tracked, now));
  }

  private void sweep(Connection connection, Tracked tracked, long now) {
    boolean closeIt = false;
    Body expiredBody = null;
    synchronized (tracked) {
      Body body = tracked.body;
      if (body == null) {
        if (tracked.headersSince < 0 && connection.getBytesIn() > tracked.bytesInAtRest) {
          tracked.headersSince = now;
        }
        closeIt = tracked.headersSince >= 0 && now - tracked.headersSince > headerTimeoutNanos;
      } else if (!body.expired && now - body.deadlineNanos > 0 && !body.finished.getAsBoolean()) {
        body.expired = true;
        expiredBody = body;
      }
    }
    if (closeIt) {
      headerTimeouts.increment();
      connections.remove(connection);
      connection.getEndPoint().close();
    } else if (expiredBody != null) {
      bodyTimeouts.increment();
      connection.getEndPoint().setIdleTimeout(EXPIRE_NOW_MILLIS);
    }
  }

  /** Connections open now. */
  int connections() {
    return connections.size();
  }

  /** Connections closed for not sending their headers in time, since start. */
  long headerTimeouts() {
    return headerTimeouts.sum();
  }

  /** Requests cut off for not sending their body in time, since start. */
  long bodyTimeouts() {
    return bodyTimeouts.sum();
  }
}
