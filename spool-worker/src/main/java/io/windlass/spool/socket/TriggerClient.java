package io.windlass.spool.socket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * The client end of the trigger protocol ({@link TriggerHandler}): connect, send nothing, read one
 * line.
 */
public final class TriggerClient {

  /** The longest answer read; an agent's answer is one short line. */
  static final int MAX_REPLY_BYTES = 64 * 1024;

  private TriggerClient() {}

  /**
   * Triggers the action behind the socket at {@code socket} and waits for its answer.
   *
   * @param timeout the bound on the whole exchange: connecting, the action, the answer
   * @throws UnreachableSocketException if there is no socket, nothing listens on it, or this user
   *     may not use it (see {@link SocketConnector})
   * @throws TriggerException if the agent answered {@code error: <message>}; its message is the
   *     agent's, or says that there was none
   * @throws SocketTimeoutException if no answer came within {@code timeout}
   * @throws IOException if the socket cannot be reached, or the answer is missing or malformed
   */
  public static void trigger(Path socket, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String reply;
    try (AFUNIXSocket connection =
        SocketConnector.connect(socket, millisUntil(deadline, timeout))) {
      reply = readLine(connection, deadline, timeout);
    }
    SocketConnector.checkAdmitted(socket, reply);
    if (reply.equals(ReplyLines.OK)) {
      return;
    }
    if (reply.startsWith(ReplyLines.ERROR_PREFIX)) {
      String message = reply.substring(ReplyLines.ERROR_PREFIX.length()).strip();
      throw new TriggerException(
          message.isEmpty() ? "an error, without saying which (\"" + reply + "\")" : message);
    }
    throw new IOException("unexpected answer from " + socket + ": " + reply);
  }

  private static String readLine(AFUNIXSocket connection, long deadline, Duration timeout)
      throws IOException {
    InputStream in = connection.getInputStream();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    byte[] buffer = new byte[512];
    while (true) {
      connection.setSoTimeout(millisUntil(deadline, timeout));
      int n;
      try {
        n = in.read(buffer);
      } catch (SocketTimeoutException e) {
        SocketTimeoutException timedOut = new SocketTimeoutException("no answer within " + timeout);
        timedOut.initCause(e);
        throw timedOut;
      }
      if (n < 0) {
        throw new IOException(
            line.size() == 0
                ? "the agent closed the connection without an answer"
                : "the agent's answer was cut short");
      }
      for (int i = 0; i < n; i++) {
        if (buffer[i] == '\n') {
          line.write(buffer, 0, i);
          return stripCarriageReturn(line.toString(StandardCharsets.UTF_8));
        }
      }
      line.write(buffer, 0, n);
      if (line.size() > MAX_REPLY_BYTES) {
        throw new IOException("the agent's answer is longer than " + MAX_REPLY_BYTES + " bytes");
      }
    }
  }

  private static String stripCarriageReturn(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  private static int millisUntil(long deadline, Duration timeout) throws SocketTimeoutException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new SocketTimeoutException("no answer within " + timeout);
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
  }
}
