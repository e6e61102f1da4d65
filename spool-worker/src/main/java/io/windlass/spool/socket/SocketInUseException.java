package io.windlass.spool.socket;

import java.io.IOException;

/**
 * A {@link SocketListener} could not start because its socket path is held by a live listener:
 * another agent (or another listener in this process) is serving it, or some process answers on the
 * existing socket. The existing socket is left alone.
 */
public final class SocketInUseException extends IOException {

  SocketInUseException(String message) {
    super(message);
  }

  SocketInUseException(String message, Throwable cause) {
    super(message, cause);
  }
}
