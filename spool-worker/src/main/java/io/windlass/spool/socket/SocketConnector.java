package io.windlass.spool.socket;

import io.windlass.spool.ProcessIdentity;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Objects;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The client side of the agent's sockets: connects to one, and when it cannot, says why in words an
 * operator can act on ({@link UnreachableSocketException}): there is no socket file (no agent is
 * running), nothing listens on it (the agent has stopped), this user may not reach it (permission
 * denied), or the agent refused this user once connected ({@link #checkAdmitted}).
 */
public final class SocketConnector {

  /** What the agent's policy says to users it does not admit (see {@link SocketListener}). */
  static final String REFUSAL = SocketListener.PERMISSION_DENIED;

  /** What the agent says to a connection beyond its limit (see {@link SocketListener}). */
  static final String BUSY = SocketListener.TOO_MANY_CONNECTIONS;

  private static final String WHO_MAY =
      "the agent admits its own user, and the members of the group sockets.allowed-gid if set";

  private SocketConnector() {}

  /**
   * Connects to the socket at {@code socket}.
   *
   * @param timeoutMillis how long connecting may take, > 0
   * @throws UnreachableSocketException there is no socket, nothing listens, or this user may not
   *     reach it
   * @throws SocketTimeoutException the agent did not accept within the timeout
   * @throws IOException the path is not a socket, or connecting failed for another reason
   */
  public static AFUNIXSocket connect(Path socket, int timeoutMillis) throws IOException {
    checkFile(socket);
    AFUNIXSocket connection = AFUNIXSocket.newInstance();
    try {
      connection.connect(AFUNIXSocketAddress.of(socket), timeoutMillis);
      return connection;
    } catch (SocketTimeoutException e) {
      connection.close();
      throw e;
    } catch (IOException e) {
      connection.close();
      throw classify(socket, e);
    }
  }

  /**
   * Throws if {@code reply}, the first line the agent sent, is its refusal of this user.
   *
   * @throws UnreachableSocketException with {@link
   *     UnreachableSocketException.Reason#REFUSED_BY_AGENT}
   */
  public static void checkAdmitted(Path socket, String reply) throws UnreachableSocketException {
    if (reply.equals(REFUSAL)) {
      throw new UnreachableSocketException(
          UnreachableSocketException.Reason.REFUSED_BY_AGENT,
          socket,
          "permission denied: "
              + socket
              + " (the agent refused this user, "
              + thisUser()
              + "; "
              + WHO_MAY
              + ")");
    }
  }

  /**
   * Throws if {@code reply}, the first line the agent sent on a connection where it answers
   * requests, is its refusal of the connection because it serves too many already; for a client
   * that would otherwise take that line for the answer to its first request.
   *
   * @throws IOException saying that the agent is busy
   */
  public static void checkNotBusy(Path socket, String reply) throws IOException {
    if (reply.equals(BUSY)) {
      throw new IOException(
          "the agent at "
              + socket
              + " refused the connection: it is serving too many connections; try again");
    }
  }

  private static void checkFile(Path socket) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(socket, BasicFileAttributes.class);
    } catch (NoSuchFileException | NotDirectoryException e) {
      throw new UnreachableSocketException(
          UnreachableSocketException.Reason.NO_SOCKET,
          socket,
          "no agent is running: " + socket + " does not exist",
          e);
    } catch (AccessDeniedException e) {
      Path directory = Objects.requireNonNullElse(socket.toAbsolutePath().getParent(), socket);
      throw permissionDenied(
          socket, "this user, " + thisUser() + ", may not enter " + directory + "; " + WHO_MAY, e);
    }
    if (!attributes.isOther()) {
      throw new IOException("cannot connect to " + socket + ": it is not a socket");
    }
  }

  private static IOException classify(Path socket, IOException e) {
    String reason = e.getMessage() == null ? e.toString() : e.getMessage();
    String lower = reason.toLowerCase(Locale.ROOT);
    if (lower.contains("refused")) {
      return new UnreachableSocketException(
          UnreachableSocketException.Reason.NOT_LISTENING,
          socket,
          "no agent is running: " + socket + " refuses connections (" + reason + ")",
          e);
    }
    if (lower.contains("permission denied") || e instanceof AccessDeniedException) {
      return permissionDenied(
          socket, "this user, " + thisUser() + ", may not open the socket; " + WHO_MAY, e);
    }
    if (lower.contains("no such file")) {
      return new UnreachableSocketException(
          UnreachableSocketException.Reason.NO_SOCKET,
          socket,
          "no agent is running: " + socket + " does not exist",
          e);
    }
    return new IOException("cannot connect to " + socket + ": " + reason, e);
  }

  private static UnreachableSocketException permissionDenied(
      Path socket, String detail, Exception cause) {
    return new UnreachableSocketException(
        UnreachableSocketException.Reason.PERMISSION_DENIED,
        socket,
        "permission denied: " + socket + " (" + detail + ")",
        cause);
  }

  private static String thisUser() {
    String name = System.getProperty("user.name", "?");
    try {
      return name + " (uid " + ProcessIdentity.self().uid() + ")";
    } catch (IllegalStateException e) {
      return name;
    }
  }
}
