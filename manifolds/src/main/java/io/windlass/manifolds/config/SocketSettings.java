package io.windlass.manifolds.config;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The {@code sockets} section: limits of the agent's local (Unix domain) sockets, through which
 * {@code windlass add-metric} and {@code send-now} reach a running agent.
 *
 * @param maxConnections how many clients may be connected at once (default 64)
 * @param maxLineLength the longest request line a client may send (default 64KiB)
 * @param timeout how long a connection may stay silent before it is closed (default 3s)
 * @param allowedGid a group whose members may connect besides the agent's own user; empty (the
 *     default) admits only the agent's user
 */
public record SocketSettings(
    int maxConnections, ByteSize maxLineLength, Duration timeout, OptionalInt allowedGid) {

  public static final int DEFAULT_MAX_CONNECTIONS = 64;
  public static final ByteSize DEFAULT_MAX_LINE_LENGTH = ByteSize.ofKiB(64);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

  /** The longest line a socket may be configured to accept. */
  public static final ByteSize MAX_LINE_LENGTH_LIMIT = ByteSize.ofMiB(64);

  /** Checks every limit. */
  public SocketSettings {
    if (maxConnections <= 0) {
      throw new IllegalArgumentException(
          "sockets max-connections " + maxConnections + " must be > 0");
    }
    if (maxLineLength == null
        || maxLineLength.bytes() <= 0
        || maxLineLength.compareTo(MAX_LINE_LENGTH_LIMIT) > 0) {
      throw new IllegalArgumentException(
          "sockets max-line-length "
              + maxLineLength
              + " must be > 0 and at most "
              + MAX_LINE_LENGTH_LIMIT);
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("sockets timeout " + timeout + " must be > 0");
    }
    if (allowedGid == null || (allowedGid.isPresent() && allowedGid.getAsInt() < 0)) {
      throw new IllegalArgumentException("sockets allowed-gid " + allowedGid + " must be >= 0");
    }
  }

  /**
   * {@code allowedGid} as the group {@code run/} and its files are shared with, in the form {@code
   * SocketDirectory} and {@code StatusUrlFile} take it.
   */
  public OptionalLong sharedGroup() {
    return allowedGid.isPresent() ? OptionalLong.of(allowedGid.getAsInt()) : OptionalLong.empty();
  }

  /** Every default. */
  public static SocketSettings defaults() {
    return new SocketSettings(
        DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_LINE_LENGTH, DEFAULT_TIMEOUT, OptionalInt.empty());
  }
}
