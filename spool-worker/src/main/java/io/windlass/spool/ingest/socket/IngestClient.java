package io.windlass.spool.ingest.socket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.windlass.spool.socket.SocketConnector;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocket;

/**
 * The client end of the ingest protocol: sends request lines to an agent's {@code ingest.sock} and
 * hands back the reply to each, in order.
 *
 * <p>Requests are pipelined: a writer thread sends lines as fast as the agent takes them while the
 * calling thread reads the replies, so a client with any number of lines never deadlocks on full
 * socket buffers, and the agent sees many lines at once and commits them together. When the lines
 * run out the client shuts down its output and reads the remaining replies until the agent closes
 * the connection.
 *
 * <p>Lines are flushed whenever the source has no more input ready, so an interactive source is
 * answered line by line. The agent closes a connection that stays silent longer than its socket
 * timeout (3 s by default), so a source must not pause for longer than that.
 */
public final class IngestClient {

  /** The default bound on connecting and on the wait for each reply: 30 s. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** The longest reply line read. */
  static final int MAX_REPLY_BYTES = 256 * 1024;

  private static final String OK = "ok";
  private static final String ERROR = "error: ";

  /** Receives the replies of a {@link #pipeline}, one per request line, in order. */
  @FunctionalInterface
  public interface ReplyListener {

    /**
     * Called on the pipelining thread for each reply.
     *
     * @param number the request's number, from 1
     * @param request the request line
     * @param reply the reply: {@code ok} or {@code error: <message>}
     */
    void reply(long number, String request, String reply) throws IOException;
  }

  /**
   * A source of request lines. {@link #next()} may block; {@link #ready()} says whether it would
   * not, so buffered lines can be flushed before it does.
   */
  private interface LineSource {
    @Nullable String next() throws IOException;

    boolean ready() throws IOException;
  }

  private IngestClient() {}

  /** Whether {@code reply} is {@code ok}. */
  public static boolean isOk(String reply) {
    return reply.equals(OK);
  }

  /** The message of an {@code error: <message>} reply, or the reply itself if it is not one. */
  public static String errorMessage(String reply) {
    return reply.startsWith(ERROR) ? reply.substring(ERROR.length()) : reply;
  }

  /**
   * Sends one request line and returns its reply, {@code ok} or {@code error: <message>}.
   *
   * @throws IOException the agent cannot be reached (the message says whether the socket is missing
   *     or refuses connections, or the agent refused this user or is serving too many connections),
   *     or it did not answer
   */
  public static String send(Path socket, String line, Duration timeout) throws IOException {
    String[] reply = new String[1];
    pipeline(socket, List.of(line), (number, request, r) -> reply[0] = r, timeout);
    return requireNonNull(reply[0]);
  }

  /**
   * Sends every line of {@code lines}, pipelined, and gives each reply to {@code listener}.
   *
   * @return the number of lines sent, each answered
   * @throws IllegalArgumentException a line holds a line break
   * @throws IOException the agent cannot be reached or refused the connection (as for {@link
   *     #send}), closed the connection early, or did not answer a line within {@code timeout}
   */
  public static long pipeline(
      Path socket, Iterable<String> lines, ReplyListener listener, Duration timeout)
      throws IOException {
    Iterator<String> iterator = lines.iterator();
    return pipeline(
        socket,
        new LineSource() {
          @Override
          public @Nullable String next() {
            if (!iterator.hasNext()) {
              return null;
            }
            String line = iterator.next();
            if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
              throw new IllegalArgumentException(
                  "request " + IngestRequestParser.quote(line) + " holds a line break");
            }
            return line;
          }

          @Override
          public boolean ready() {
            return true; // in memory
          }
        },
        listener,
        timeout);
  }

  /**
   * Sends every line read from {@code lines} until its end, pipelined, and gives each reply to
   * {@code listener}.
   *
   * @return the number of lines sent, each answered
   * @throws IOException the agent cannot be reached or refused the connection (as for {@link
   *     #send}), closed the connection early, or did not answer a line within {@code timeout}; or
   *     reading {@code lines} failed
   */
  public static long pipeline(
      Path socket, BufferedReader lines, ReplyListener listener, Duration timeout)
      throws IOException {
    return pipeline(
        socket,
        new LineSource() {
          @Override
          public @Nullable String next() throws IOException {
            return lines.readLine();
          }

          @Override
          public boolean ready() throws IOException {
            return lines.ready();
          }
        },
        listener,
        timeout);
  }

  private static long pipeline(
      Path socket, LineSource source, ReplyListener listener, Duration timeout) throws IOException {
    requireNonNull(listener, "listener");
    int timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    try (AFUNIXSocket connection = connect(socket, timeoutMillis)) {
      // Before the writer starts: a write that finds the agent gone closes the whole socket.
      connection.setSoTimeout(timeoutMillis);
      InputStream in = connection.getInputStream();
      Writer writer = new Writer(connection, source);
      writer.thread.start();
      try {
        return readReplies(in, writer, listener, timeoutMillis, socket);
      } catch (IOException | RuntimeException | Error e) {
        connection.close(); // unblocks the writer if it is writing
        throw e;
      }
    }
  }

  private static AFUNIXSocket connect(Path socket, int timeoutMillis) throws IOException {
    return SocketConnector.connect(socket, timeoutMillis);
  }

  private static long readReplies(
      InputStream in, Writer writer, ReplyListener listener, int timeoutMillis, Path socket)
      throws IOException {
    byte[] buffer = new byte[64 * 1024];
    byte[] line = new byte[256];
    int lineLength = 0;
    long answered = 0;
    while (true) {
      int n;
      try {
        n = in.read(buffer);
      } catch (SocketTimeoutException e) {
        if (writer.sent.isEmpty() && !writer.done) {
          continue; // nothing outstanding: the source is slow, not the agent
        }
        SocketTimeoutException timedOut =
            new SocketTimeoutException(
                "no reply from " + socket + " within " + Duration.ofMillis(timeoutMillis));
        timedOut.initCause(e);
        throw timedOut;
      } catch (IOException e) {
        // A reset, or the socket closed under the reader: junixsocket closes it when the writer
        // meets a broken pipe.
        IOException closed =
            new IOException(
                "the agent at "
                    + socket
                    + " closed the connection after "
                    + answered
                    + " replies ("
                    + e.getMessage()
                    + ")",
                e);
        Throwable sending = writer.failure.get();
        if (sending != null) {
          closed.addSuppressed(sending);
        }
        throw closed;
      }
      if (n < 0) {
        break;
      }
      int from = 0;
      for (int i = 0; i < n; i++) {
        if (buffer[i] != '\n') {
          continue;
        }
        int end = i > from && buffer[i - 1] == '\r' ? i - 1 : i;
        String reply;
        if (lineLength == 0) {
          reply = new String(buffer, from, end - from, UTF_8);
        } else {
          line = append(line, lineLength, buffer, from, i - from);
          lineLength += i - from;
          int length = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
          reply = new String(line, 0, length, UTF_8);
          lineLength = 0;
        }
        from = i + 1;
        if (answered == 0) {
          SocketConnector.checkAdmitted(socket, reply);
          SocketConnector.checkNotBusy(socket, reply);
        }
        String request = writer.sent.poll();
        if (request == null) {
          throw new IOException(socket + " sent a reply to no request: " + reply);
        }
        answered++;
        listener.reply(answered, request, reply);
      }
      if (from < n) {
        if (lineLength + n - from > MAX_REPLY_BYTES) {
          throw new IOException(socket + " sent a reply longer than " + MAX_REPLY_BYTES + " bytes");
        }
        line = append(line, lineLength, buffer, from, n - from);
        lineLength += n - from;
      }
    }
    if (!writer.done) {
      throw new IOException(
          "the agent at "
              + socket
              + " closed the connection after "
              + answered
              + " replies, before every request was sent");
    }
    join(writer.thread);
    int unanswered = writer.sent.size();
    if (unanswered > 0 || lineLength > 0) {
      IOException closed =
          new IOException(
              "the agent at "
                  + socket
                  + " closed the connection after "
                  + answered
                  + " replies; "
                  + unanswered
                  + " requests are unanswered");
      Throwable cause = writer.failure.get();
      if (cause != null) {
        closed.addSuppressed(cause);
      }
      throw closed;
    }
    writer.rethrow();
    return answered;
  }

  private static byte[] append(byte[] line, int length, byte[] from, int offset, int count) {
    byte[] target = line;
    if (length + count > line.length) {
      target = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
    }
    System.arraycopy(from, offset, target, length, count);
    return target;
  }

  private static void join(Thread thread) throws IOException {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while sending requests", e);
    }
  }

  /** Sends the lines; runs on its own thread. */
  private static final class Writer implements Runnable {
    private final AFUNIXSocket connection;
    private final LineSource source;

    /** Lines sent (or about to be) and not yet answered, oldest first. */
    final Queue<String> sent = new ConcurrentLinkedQueue<>();

    /** Set before the output is shut down: no more lines will be sent. */
    volatile boolean done;

    final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
    final Thread thread;

    Writer(AFUNIXSocket connection, LineSource source) {
      this.connection = connection;
      this.source = source;
      this.thread = new Thread(this, "windlass-ingest-client-writer");
      thread.setDaemon(true);
    }

    @Override
    public void run() {
      try {
        OutputStream out = new BufferedOutputStream(connection.getOutputStream(), 64 * 1024);
        String line;
        while ((line = source.next()) != null) {
          sent.add(line);
          out.write(line.getBytes(UTF_8));
          out.write('\n');
          if (!source.ready()) {
            out.flush();
          }
        }
        out.flush();
      } catch (Throwable t) {
        failure.set(t);
      } finally {
        done = true;
        try {
          connection.shutdownOutput(); // the agent answers what it has, then closes
        } catch (IOException e) {
          Throwable t = failure.get();
          if (t != null) {
            t.addSuppressed(e);
          } else {
            failure.set(e);
          }
        }
      }
    }

    void rethrow() throws IOException {
      Throwable t = failure.get();
      if (t == null) {
        return;
      }
      if (t instanceof IOException) {
        throw new IOException("sending requests failed: " + t.getMessage(), t);
      }
      if (t instanceof RuntimeException) {
        throw (RuntimeException) t;
      }
      if (t instanceof Error) {
        throw (Error) t;
      }
      throw new IOException(t);
    }
  }
}
