package io.windlass.manifolds.config;

import java.time.Duration;

/**
 * The status server's limits on clients, part of the {@code status} section. They keep the server
 * answering {@code /healthz} and pushes however many clients are slow, idle or too many:
 *
 * <pre>{@code
 * status:
 *   header-timeout: 10s        # the request line and headers must arrive within this
 *   body-timeout: 60s          # the whole body must arrive within this once the headers are in
 *   idle-timeout: 30s          # a connection with no bytes in either direction for this is closed
 *   max-header-bytes: 8KiB     # larger request line and headers get 431
 *   max-connections: 2048      # past this, new connections wait in the listen backlog
 *   max-requests: 64           # requests in progress at once; past this, 503 with Retry-After
 *   max-pushes: 16             # pushes in progress at once (within max-requests); past this, 503
 * }</pre>
 *
 * <p>A connection waiting for its headers holds no thread; only requests in progress do, at most
 * {@code max-requests} of them.
 *
 * @param headerTimeout how long a request's line and headers may take to arrive, counted from the
 *     connection's opening or, on a kept-alive connection, from the request's first byte
 * @param bodyTimeout how long a request's body may take to arrive, counted from its headers
 * @param idleTimeout how long a connection may see no bytes in either direction
 * @param maxHeaderBytes the largest request line and headers taken
 * @param maxConnections the most connections open at once
 * @param maxRequests the most requests in progress at once
 * @param maxPushes the most pushes in progress at once, at most {@code maxRequests}
 */
public record StatusLimits(
    Duration headerTimeout,
    Duration bodyTimeout,
    Duration idleTimeout,
    ByteSize maxHeaderBytes,
    int maxConnections,
    int maxRequests,
    int maxPushes) {

  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
  public static final ByteSize DEFAULT_MAX_HEADER_BYTES = ByteSize.ofKiB(8);
  public static final int DEFAULT_MAX_CONNECTIONS = 2048;
  public static final int DEFAULT_MAX_REQUESTS = 64;
  public static final int DEFAULT_MAX_PUSHES = 16;

  /** The shortest timeout that may be configured. */
  public static final Duration MIN_TIMEOUT = Duration.ofMillis(100);

  /** The longest timeout that may be configured. */
  public static final Duration MAX_TIMEOUT = Duration.ofHours(1);

  public static final ByteSize MIN_HEADER_BYTES = ByteSize.ofKiB(1);
  public static final ByteSize MAX_HEADER_BYTES = ByteSize.ofKiB(64);
  public static final int MAX_CONNECTIONS_LIMIT = 65_536;
  public static final int MAX_REQUESTS_LIMIT = 1024;

  /** Checks every value; the message names the setting. */
  public StatusLimits {
    checkTimeout("header-timeout", headerTimeout);
    checkTimeout("body-timeout", bodyTimeout);
    checkTimeout("idle-timeout", idleTimeout);
    if (maxHeaderBytes == null
        || maxHeaderBytes.compareTo(MIN_HEADER_BYTES) < 0
        || maxHeaderBytes.compareTo(MAX_HEADER_BYTES) > 0) {
      throw new IllegalArgumentException(
          "max-header-bytes "
              + maxHeaderBytes
              + " must be between "
              + MIN_HEADER_BYTES
              + " and "
              + MAX_HEADER_BYTES);
    }
    checkCount("max-connections", maxConnections, MAX_CONNECTIONS_LIMIT);
    checkCount("max-requests", maxRequests, MAX_REQUESTS_LIMIT);
    checkCount("max-pushes", maxPushes, MAX_REQUESTS_LIMIT);
    if (maxPushes > maxRequests) {
      throw new IllegalArgumentException(
          "max-pushes "
              + maxPushes
              + " must be at most max-requests ("
              + maxRequests
              + "), which leaves room for /healthz");
    }
  }

  /** Every default. */
  public static StatusLimits defaults() {
    return new StatusLimits(
        DEFAULT_HEADER_TIMEOUT,
        DEFAULT_BODY_TIMEOUT,
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_MAX_HEADER_BYTES,
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_MAX_REQUESTS,
        DEFAULT_MAX_PUSHES);
  }

  private static void checkTimeout(String name, Duration timeout) {
    if (timeout == null
        || timeout.compareTo(MIN_TIMEOUT) < 0
        || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          name
              + " "
              + (timeout == null ? "(none)" : DurationText.format(timeout))
              + " must be between "
              + DurationText.format(MIN_TIMEOUT)
              + " and "
              + DurationText.format(MAX_TIMEOUT));
    }
  }

  private static void checkCount(String name, int count, int max) {
    if (count < 1 || count > max) {
      throw new IllegalArgumentException(name + " " + count + " must be between 1 and " + max);
    }
  }
}
