package io.windlass.spool.socket;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A client could not reach an agent through its socket, for one of the {@link Reason}s, which the
 * message names: {@code no agent is running: <path> ...} or {@code permission denied: <path>
 * (...)}.
 */
public final class UnreachableSocketException extends IOException {

  /** Why the socket could not be used. */
  public enum Reason {
    /** No socket file: no agent is running (or it runs with another data directory). */
    NO_SOCKET,
    /** The socket file is there, but nothing listens on it: the agent has stopped. */
    NOT_LISTENING,
    /** This user may not reach the socket: the file's or its directory's mode keeps it out. */
    PERMISSION_DENIED,
    /** The agent accepted the connection and refused this user ({@link PeerPolicy}). */
    REFUSED_BY_AGENT
  }

  private final Reason reason;
  private final Path socket;

  UnreachableSocketException(Reason reason, Path socket, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.socket = socket;
  }

  UnreachableSocketException(Reason reason, Path socket, String message) {
    super(message);
    this.reason = reason;
    this.socket = socket;
  }

  /** Why. */
  public Reason reason() {
    return reason;
  }

  /** The socket's path. */
  public Path socket() {
    return socket;
  }
}
