package io.windlass.manifolds.status;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
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
 * checks all of them. It learns of connections as a {@link Connection.Listener} on the connector
 * ({@link #listener()}); the server tells it when a request's handling starts and ends.
 * Thread-safe.
 */
final class ReadDeadlines {

  /** What the deadlines need of a connection. */
  interface Peer {
    /** Bytes received so far. */
    long bytesIn();

    /** Closes the connection. */
    void close();

    /** Fails the pending read, if any, at once with a timeout. */
    void expireReads();

    /** A Jetty connection as a peer. */
    static Peer of(Connection connection) {
      EndPoint endPoint = connection.getEndPoint();
      return new Peer() {
        @Override
        public long bytesIn() {
          return connection.getBytesIn();
        }

        @Override
        public void close() {
          endPoint.close();
        }

        @Override
        public void expireReads() {
          endPoint.setIdleTimeout(EXPIRE_NOW_MILLIS);
        }
      };
    }
  }

  /** The idle timeout that fails a pending read at once. */
  static final long EXPIRE_NOW_MILLIS = 1;

  private final long headerTimeoutNanos;
  private final long bodyTimeoutNanos;
  private final LongSupplier nanoTime;
  private final Runnable onHeaderTimeout;
  private final Map<Object, Tracked> connections = new ConcurrentHashMap<>();
  private final LongAdder headerTimeouts = new LongAdder();
  private final LongAdder bodyTimeouts = new LongAdder();
  private volatile long lastSweepNanos;

  /** One connection's state. Fields guarded by the instance. */
  private static final class Tracked {
    final Peer peer;

    /** When the current request's headers started to arrive, or -1 while none has. */
    long headersSince;

    /** The connection's bytes in when it last finished a request. */
    long bytesInAtRest;

    /** The request in progress, or null while waiting for one. */
    @Nullable Body body;

    Tracked(Peer peer, long headersSince) {
      this.peer = peer;
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
   * @param onHeaderTimeout told of every connection closed at the header deadline
   */
  ReadDeadlines(
      Duration headerTimeout,
      Duration bodyTimeout,
      LongSupplier nanoTime,
      Runnable onHeaderTimeout) {
    this.headerTimeoutNanos = headerTimeout.toNanos();
    this.bodyTimeoutNanos = bodyTimeout.toNanos();
    this.nanoTime = nanoTime;
    this.onHeaderTimeout = onHeaderTimeout;
    this.lastSweepNanos = nanoTime.getAsLong();
  }

  /** Tells these deadlines of the connector's connections. */
  Connection.Listener listener() {
    return new Connection.Listener() {
      @Override
      public void onOpened(Connection connection) {
        opened(connection, Peer.of(connection));
      }

      @Override
      public void onClosed(Connection connection) {
        closed(connection);
      }
    };
  }

  /** A connection, known by {@code key}, is open: its first headers are due. */
  void opened(Object key, Peer peer) {
    connections.put(key, new Tracked(peer, nanoTime.getAsLong()));
  }

  /** The connection known by {@code key} is closed. */
  void closed(Object key) {
    connections.remove(key);
  }

  /**
   * A request's headers are in and its handling starts; its body must have been read ({@code
   * finished}) before the body timeout.
   */
  Body requestStarted(Object connection, BooleanSupplier finished) {
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
  void requestEnded(Object connection) {
    Tracked tracked = connections.get(connection);
    if (tracked != null) {
      synchronized (tracked) {
        tracked.body = null;
        tracked.headersSince = -1;
        tracked.bytesInAtRest = tracked.peer.bytesIn();
      }
    }
  }

  /** Enforces the deadlines on every connection; the server calls it every so often. */
  void sweep() {
    long now = nanoTime.getAsLong();
    connections.forEach((connection, tracked) -> sweep(connection, tracked, now));
    lastSweepNanos = now;
  }

  private void sweep(Object connection, Tracked tracked, long now) {
    boolean closeIt = false;
    Body expiredBody = null;
    synchronized (tracked) {
      Body body = tracked.body;
      if (body == null) {
        if (tracked.headersSince < 0 && tracked.peer.bytesIn() > tracked.bytesInAtRest) {
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
      onHeaderTimeout.run();
      connections.remove(connection);
      tracked.peer.close();
    } else if (expiredBody != null) {
      bodyTimeouts.increment();
      tracked.peer.expireReads();
    }
  }

  /**
   * The clock reading of the last finished {@link #sweep()}: every connection open then has been
   * held to its deadlines as of that time (the construction time before the first sweep).
   */
  long lastSweepNanos() {
    return lastSweepNanos;
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
