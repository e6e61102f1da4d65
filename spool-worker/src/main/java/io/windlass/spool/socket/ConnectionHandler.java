package io.windlass.spool.socket;

/**
 * Serves one accepted connection of a {@link SocketListener}.
 *
 * <p>It runs on one of the listener's connection threads, after the peer passed the listener's
 * {@link PeerPolicy}. It may read and write the connection's streams until it returns; the listener
 * then closes the connection, so a handler need not. At the connection's deadline the listener
 * closes it anyway: a blocked read or write then fails, and the handler should simply let that
 * exception propagate. An exception a handler throws is logged; it does not affect the listener or
 * other connections. Handlers are called concurrently for concurrent connections.
 *
 * <p>This is the counterpart of Juju's {@code spool.ConnectionHandler}.
 */
@FunctionalInterface
public interface ConnectionHandler {

  /** Serves {@code connection} and returns when done with it. */
  void handle(Connection connection) throws Exception;
}
