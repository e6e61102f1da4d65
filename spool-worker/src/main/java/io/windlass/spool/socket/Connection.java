package io.windlass.spool.socket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * One accepted connection of a {@link SocketListener}, as its {@link ConnectionHandler} sees it:
 * the streams, the peer's credentials, and the deadline.
 *
 * <p><b>Deadline.</b> A connection must be done within the listener's timeout of being accepted; at
 * the deadline the listener closes it, whatever the handler is doing, so a client that sends
 * nothing, stalls mid-request or stops reading replies cannot hold a connection slot. A handler
 * that serves many requests on one connection calls {@link #renewDeadline()} after each one, which
 * turns the deadline into a bound on each request.
 */
public final class Connection {

  private final AFUNIXSocket socket;
  private final InputStream input;
  private final OutputStream output;
  private final PeerCredentials peer;
  private final Duration timeout;
  private final ScheduledExecutorService watchdog;

  private volatile long deadlineNanos;
  private volatile boolean cutOff;
  private volatile boolean inputShutByListener;
  private volatile @Nullable ScheduledFuture<?> check;

  Connection(
      AFUNIXSocket socket,
      PeerCredentials peer,
      Duration timeout,
      ScheduledExecutorService watchdog)
      throws IOException {
    this.socket = socket;
    this.input = socket.getInputStream();
    this.output = socket.getOutputStream();
    this.peer = peer;
    this.timeout = timeout;
    this.watchdog = watchdog;
    this.deadlineNanos = System.nanoTime() + timeout.toNanos();
  }

  /** The bytes the client sends. Reads block; they fail once the deadline has passed. */
  public InputStream input() {
    return input;
  }

  /** The bytes sent to the client, unbuffered. Writes fail once the deadline has passed. */
  public OutputStream output() {
    return output;
  }

  /** Who connected. */
  public PeerCredentials peer() {
    return peer;
  }

  /**
   * The listener's per-connection timeout: how long after acceptance or renewal the deadline is.
   */
  public Duration timeout() {
    return timeout;
  }

  /** The time left before the deadline; zero or negative once it has passed. */
  public Duration remaining() {
    return Duration.ofNanos(deadlineNanos - System.nanoTime());
  }

  /** Moves the deadline to {@link #timeout()} from now. */
  public void renewDeadline() {
    deadlineNanos = System.nanoTime() + timeout.toNanos();
  }

  /**
   * Whether the listener closed this connection because its deadline passed. Reads then see end of
   * stream (or fail), though the client sent none.
   */
  public boolean isCutOff() {
    return cutOff;
  }

  /**
   * Whether the listener, stopping, has shut this connection's input. Reads then see end of stream,
   * though the client sent none; replies can still be written until the listener's stop timeout.
   */
  public boolean isInputShutByListener() {
    return inputShutByListener;
  }

  /** Whether an end of stream read from {@link #input()} was sent by the client. */
  public boolean isEndOfStreamFromClient() {
    return !cutOff && !inputShutByListener;
  }

  /** Starts watching the deadline; called once, by the listener, before the handler runs. */
  void watchDeadline() {
    scheduleCheck(timeout.toNanos());
  }

  private void scheduleCheck(long delayNanos) {
    try {
      check = watchdog.schedule(this::checkDeadline, Math.max(delayNanos, 0), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // The listener is shutting down and will close every connection itself.
    }
  }

  private void checkDeadline() {
    if (socket.isClosed()) {
      return;
    }
    long left = deadlineNanos - System.nanoTime();
    if (left > 0) {
      scheduleCheck(left);
      return;
    }
    cutOff = true;
    close();
  }

  /** Stops reading: a blocked or later read sees end of stream. Replies can still be written. */
  void shutdownInput() {
    inputShutByListener = true;
    try {
      if (!socket.isClosed() && !socket.isInputShutdown()) {
        socket.shutdownInput();
      }
    } catch (IOException e) {
      // Closed concurrently; nothing left to stop.
    }
  }

  void close() {
    ScheduledFuture<?> pending = check;
    if (pending != null) {
      pending.cancel(false);
    }
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing useful to do: the connection is gone either way.
    }
  }

  @Override
  public String toString() {
    return "connection from pid " + peer.pid() + " uid " + peer.uid();
  }
}
