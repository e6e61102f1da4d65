package io.windlass.spool.sender;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * HTTP/1.1 over plain TCP, for {@code http://} endpoints: each request is written by the thread
 * that posts it on a blocking socket, and the answer read back on it, so a request costs its system
 * calls and no other thread's work. Connections are kept alive and reused, most recently used
 * first; at most {@value #MAX_IDLE_CONNECTIONS} wait idle, none longer than {@link #MAX_IDLE}. One
 * deadline covers connecting, sending and reading the whole answer: when it passes, the connection
 * is closed under the request. A kept-alive connection the server has closed is found out by the
 * request that takes it, which is sent again once on a new connection if no answer had begun.
 *
 * <p>Answers are read as HTTP/1.1 says: any {@code 1xx} skipped, the body framed by {@code
 * Content-Length}, by chunks, or by the end of the connection; the first {@value
 * HttpPoster#MAX_BODY_BYTES} bytes of the body kept, up to {@value #MAX_DRAINED_BYTES} more read
 * and dropped to keep the connection, and beyond that the connection closed. A reply that is not
 * HTTP ends the request with a reason naming what was wrong.
 *
 * <p>A success ({@code 2xx}) whose status line and headers arrived whole is a success even if its
 * body is then cut (the connection closed or reset, or the deadline passed while it was read): the
 * backend has said it stored the request, as Prometheus' own remote-write client reads it, and
 * sending it again would only duplicate it. Any other answer cut in its body is no answer.
 */
final class Http1Transport implements HttpTransport {

  /** The most connections kept alive while idle. */
  static final int MAX_IDLE_CONNECTIONS = 64;

  /** How long an idle connection is kept. */
  static final Duration MAX_IDLE = Duration.ofSeconds(30);

  /** The longest status line and headers of an answer, together. */
  static final int MAX_HEAD_BYTES = 64 * 1024;

  /** Body bytes past those kept that are read and dropped to keep the connection alive. */
  static final int MAX_DRAINED_BYTES = 1 << 20;

  private static final int DEFAULT_PORT = 80;

  /** Closes connections whose request outlived its deadline; one daemon thread for all. */
  private static final ScheduledThreadPoolExecutor DEADLINES = deadlineExecutor();

  private final String host;
  private final int port;
  private final URI shownUrl;
  private final Duration timeout;
  private final byte[] head; // the request up to the value of Content-Length
  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
  private final Set<Connection> inFlight = ConcurrentHashMap.newKeySet();

  /**
   * POSTs to {@code url} with {@code headers} (name, value, name, value, ...; none of Host,
   * Content-Length, Connection, Transfer-Encoding).
   *
   * @param shownUrl the URL as errors show it, without credentials
   * @throws IllegalArgumentException {@code url} is not {@code http://}, or a header is not valid
   */
  Http1Transport(URI url, URI shownUrl, Duration timeout, String[] headers) {
    if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
      throw new IllegalArgumentException(shownUrl + " is not an http:// URL with a host");
    }
    String urlHost = url.getHost();
    this.host =
        urlHost.startsWith("[") && urlHost.endsWith("]")
            ? urlHost.substring(1, urlHost.length() - 1)
            : urlHost;
    this.port = url.getPort() < 0 ? DEFAULT_PORT : url.getPort();
    this.shownUrl = shownUrl;
    this.timeout = timeout;
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    String query = url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
    StringBuilder text = new StringBuilder(256);
    text.append("POST ").append(path).append(query).append(" HTTP/1.1\r\n");
    text.append("Host: ").append(urlHost).append(url.getPort() < 0 ? "" : ":" + port);
    text.append("\r\n");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      checkHeader(headers[i], headers[i + 1]);
      text.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    text.append("Content-Length: ");
    this.head = text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void checkHeader(String name, String value) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (name.isEmpty()
        || !name.chars().allMatch(Http1Transport::isTokenChar)
        || Set.of("host", "content-length", "connection", "transfer-encoding").contains(lower)) {
      throw new IllegalArgumentException("header name \"" + name + "\" cannot be sent");
    }
    if (value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7F)) {
      throw new IllegalArgumentException("header " + name + " has a control character");
    }
  }

  /** An RFC 9110 token character. */
  static boolean isTokenChar(int c) {
    return c > 0x20 && c < 0x7F && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
  }

  @Override
  public HttpPoster.Result post(byte[] body) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    Connection reused = takeIdle();
    if (reused != null) {
      HttpPoster.Result result = exchange(reused, body, deadline);
      if (result != null) {
        return result;
      }
    }
    Connection connection = new Connection(new Socket());
    HttpPoster.Result result = exchange(connection, body, deadline);
    return result != null ? result : failed(new EOFException("connection closed before an answer"));
  }

  @Override
  public void abort() {
    for (Connection connection : inFlight) {
      connection.abort();
    }
  }

  /**
   * Sends the request on {@code connection} (connecting it first if new) and reads the answer; null
   * if a kept-alive connection turned out closed before any answer began, so the request may go
   * again on a new one.
   */
  private HttpPoster.@Nullable Result exchange(Connection connection, byte[] body, long deadline) {
    int exchange = connection.begin();
    inFlight.add(connection);
    long left = deadline - System.nanoTime();
    ScheduledFuture<?> expiry =
        DEADLINES.schedule(
            () -> connection.expire(exchange), Math.max(left, 0), TimeUnit.NANOSECONDS);
    Answer answer = null;
    try {
      if (!connection.connected) {
        connect(connection, left);
      }
      connection.send(head, body);
      answer = connection.readAnswer();
      return new HttpPoster.Answered(answer.status(), answer.retryAfter(), answer.body());
    } catch (UnknownHostException e) {
      connection.close();
      return new HttpPoster.NoAnswer("cannot connect to " + shownUrl + ": unknown host " + host);
    } catch (IOException e) {
      connection.close();
      if (connection.aborted) {
        return new HttpPoster.NoAnswer("the request to " + shownUrl + " was aborted");
      }
      if (connection.expired || e instanceof SocketTimeoutException) {
        return new HttpPoster.NoAnswer("no answer from " + shownUrl + " within " + timeout);
      }
      if (!connection.connected) {
        return new HttpPoster.NoAnswer(
            "cannot connect to " + shownUrl + ": " + HttpTransport.message(e));
      }
      if (connection.reused && !connection.answerBegun) {
        return null;
      }
      return failed(e);
    } finally {
      boolean intact = connection.finish();
      expiry.cancel(false);
      inFlight.remove(connection);
      if (answer != null) {
        if (answer.keepAlive() && intact) {
          keepIdle(connection);
        } else {
          connection.close();
        }
      }
    }
  }

  private HttpPoster.NoAnswer failed(IOException e) {
    return new HttpPoster.NoAnswer(
        "request to " + shownUrl + " failed: " + HttpTransport.message(e));
  }

  private void connect(Connection connection, long leftNanos) throws IOException {
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new UnknownHostException(host);
    }
    long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNanos));
    connection.socket.setTcpNoDelay(true);
    connection.socket.connect(address, (int) Math.min(millis, Integer.MAX_VALUE));
    connection.opened();
  }

  private @Nullable Connection takeIdle() {
    long now = System.nanoTime();
    Connection connection;
    while ((connection = idle.pollFirst()) != null) {
      if (now - connection.idleSince <= MAX_IDLE.toNanos()) {
        connection.reused = true;
        connection.answerBegun = false;
        return connection;
      }
      connection.close();
    }
    return null;
  }

  private void keepIdle(Connection connection) {
    connection.idleSince = System.nanoTime();
    idle.offerFirst(connection);
    while (idle.size() > MAX_IDLE_CONNECTIONS) {
      Connection oldest = idle.pollLast();
      if (oldest == null) {
        break;
      }
      oldest.close();
    }
  }

  /** How many connections wait idle; for tests. */
  int idleConnections() {
    return idle.size();
  }

  private static ScheduledThreadPoolExecutor deadlineExecutor() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "windlass-http-deadlines");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  /** An answer as read: the status, the {@code Retry-After} header, the body kept. */
  private record Answer(int status, Optional<String> retryAfter, String body, boolean keepAlive) {}

  /**
   * One connection, used by one request at a time. Its deadline and {@link #abort()} close it only
   * while an exchange is unfinished, so neither reaches a connection kept for the next request.
   */
  private static final class Connection {
    final Socket socket;
    @Nullable InputStream in;
    @Nullable OutputStream out;
    private int exchange; // guarded by this
    private boolean finished = true; // guarded by this
    volatile boolean aborted;
    volatile boolean expired;
    boolean connected;
    boolean reused;
    boolean answerBegun;
    long idleSince;

    Connection(Socket socket) {
      this.socket = socket;
    }

    void opened() throws IOException {
      connected = true;
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      out = socket.getOutputStream();
    }

    void send(byte[] head, byte[] body) throws IOException {
      byte[] length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      OutputStream o = out;
      if (o == null) {
        throw new IOException("not connected");
      }
      if (body.length <= 8 * 1024) {
        byte[] all = new byte[head.length + length.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(length, 0, all, head.length, length.length);
        System.arraycopy(body, 0, all, head.length + length.length, body.length);
        o.write(all);
      } else {
        byte[] start = new byte[head.length + length.length];
        System.arraycopy(head, 0, start, 0, head.length);
        System.arraycopy(length, 0, start, head.length, length.length);
        o.write(start);
        o.write(body);
      }
      o.flush();
    }

    Answer readAnswer() throws IOException {
      InputStream input = in;
      if (input == null) {
        throw new IOException("not connected");
      }
      return new AnswerReader(input, () -> answerBegun = true).read();
    }

    /** Starts an exchange; returns its number, for {@link #expire}. */
    synchronized int begin() {
      finished = false;
      aborted = false;
      expired = false;
      return ++exchange;
    }

    /** Ends the exchange; true if neither its deadline nor an abort closed the connection. */
    synchronized boolean finish() {
      finished = true;
      return !aborted && !expired;
    }

    synchronized void abort() {
      if (!finished) {
        aborted = true;
        close();
      }
    }

    /** The deadline of exchange {@code number} has passed. */
    synchronized void expire(int number) {
      if (!finished && exchange == number) {
        expired = true;
        close();
      }
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // Closing is all that is left to do with it.
      }
    }
  }

  /** Reads one answer (after any {@code 1xx}) from a connection's stream. */
  private static final class AnswerReader {
    private final InputStream in;
    private final Runnable begun;
    private int headBytes;

    AnswerReader(InputStream in, Runnable begun) {
      this.in = in;
      this.begun = begun;
    }

    Answer read() throws IOException {
      while (true) {
        headBytes = 0;
        int first = in.read();
        if (first < 0) {
          throw new EOFException("connection closed before an answer");
        }
        begun.run();
        String statusLine = (char) first + line();
        if (!statusLine.startsWith("HTTP/1.")
            || statusLine.length() < 12
            || statusLine.charAt(8) != ' '
            || (statusLine.length() > 12 && statusLine.charAt(12) != ' ')) {
          throw new IOException("malformed answer: status line \"" + shown(statusLine) + "\"");
        }
        int status = statusCode(statusLine);
        boolean http11 = statusLine.charAt(7) != '0';
        long contentLength = -1;
        boolean chunked = false;
        boolean close = !http11;
        Optional<String> retryAfter = Optional.empty();
        String header;
        while (!(header = line()).isEmpty()) {
          int colon = header.indexOf(':');
          if (colon <= 0) {
            throw new IOException("malformed answer: header line \"" + shown(header) + "\"");
          }
          String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
          String value = header.substring(colon + 1).strip();
          switch (name) {
            case "content-length" -> contentLength = contentLength(value, contentLength);
            case "transfer-encoding" -> chunked = isChunked(value);
            case "connection" -> {
              String tokens = value.toLowerCase(Locale.ROOT);
              if (tokens.contains("close")) {
                close = true;
              } else if (tokens.contains("keep-alive")) {
                close = false;
              }
            }
            case "retry-after" -> {
              if (retryAfter.isEmpty()) {
                retryAfter = Optional.of(value);
              }
            }
            default -> {}
          }
        }
        if (status < 200) {
          continue; // 100 Continue and the like: the answer follows
        }
        BoundedBytes body = new BoundedBytes();
        boolean framed = true;
        try {
          if (status == 204 || status == 304) {
            // no body
          } else if (chunked) {
            framed = readChunks(body);
          } else if (contentLength >= 0) {
            framed = readFixed(body, contentLength);
          } else {
            readToEnd(body);
            framed = false;
          }
        } catch (IOException e) {
          if (status < 200 || status >= 300) {
            throw e;
          }
          // A success's status line and headers are complete: the backend has the request, and
          // the body is only its comment on it (Prometheus' own remote-write client reads it so).
          // The connection is not kept, its framing being lost.
          return new Answer(status, retryAfter, body.text(), false);
        }
        return new Answer(status, retryAfter, body.text(), framed && !close);
      }
    }

    private static int statusCode(String statusLine) throws IOException {
      int status = 0;
      for (int i = 9; i < 12; i++) {
        char c = statusLine.charAt(i);
        if (c < '0' || c > '9') {
          throw new IOException("malformed answer: status line \"" + shown(statusLine) + "\"");
        }
        status = status * 10 + (c - '0');
      }
      return status;
    }

    private static long contentLength(String value, long before) throws IOException {
      long length;
      try {
        length = value.chars().allMatch(c -> c >= '0' && c <= '9') ? Long.parseLong(value) : -1;
      } catch (NumberFormatException e) {
        length = -1;
      }
      if (length < 0 || (before >= 0 && before != length)) {
        throw new IOException("malformed answer: Content-Length \"" + shown(value) + "\"");
      }
      return length;
    }

    private static boolean isChunked(String value) {
      String[] codings = value.split(",");
      return codings[codings.length - 1].strip().equalsIgnoreCase("chunked");
    }

    /** Reads chunks into {@code body}; false if it stopped reading before their end. */
    private boolean readChunks(BoundedBytes body) throws IOException {
      while (true) {
        String sizeLine = line();
        int end = sizeLine.indexOf(';');
        String hex = (end < 0 ? sizeLine : sizeLine.substring(0, end)).strip();
        long size;
        try {
          size = hex.isEmpty() || hex.length() > 15 ? -1 : Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
          size = -1;
        }
        if (size < 0) {
          throw new IOException("malformed answer: chunk size \"" + shown(sizeLine) + "\"");
        }
        if (size == 0) {
          while (!line().isEmpty()) {
            // trailers: not used
          }
          return true;
        }
        if (!readFixed(body, size)) {
          return false;
        }
        if (!line().isEmpty()) {
          throw new IOException("malformed answer: no line end after a chunk");
        }
      }
    }

    /** Reads {@code length} bytes into {@code body}; false if there were too many to drain. */
    private boolean readFixed(BoundedBytes body, long length) throws IOException {
      byte[] buffer = new byte[8 * 1024];
      long left = length;
      while (left > 0) {
        if (body.full()) {
          return false;
        }
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new EOFException("the answer's body ended early");
        }
        body.add(buffer, n);
        left -= n;
      }
      return true;
    }

    private void readToEnd(BoundedBytes body) throws IOException {
      byte[] buffer = new byte[8 * 1024];
      int n;
      while (!body.full() && (n = in.read(buffer)) >= 0) {
        body.add(buffer, n);
      }
    }

    /** The next line of the head, without its line end. */
    private String line() throws IOException {
      StringBuilder text = new StringBuilder(64);
      while (true) {
        int c = in.read();
        if (c < 0) {
          throw new EOFException("the answer ended in its head");
        }
        if (++headBytes > MAX_HEAD_BYTES) {
          throw new IOException(
              "malformed answer: status line and headers longer than " + MAX_HEAD_BYTES + " bytes");
        }
        if (c == '\n') {
          int length = text.length();
          if (length > 0 && text.charAt(length - 1) == '\r') {
            text.setLength(length - 1);
          }
          return text.toString();
        }
        text.append((char) c);
      }
    }

    private static String shown(String text) {
      String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
      return printable.length() > 80 ? printable.substring(0, 80) + "…" : printable;
    }
  }

  /**
   * The first {@value HttpPoster#MAX_BODY_BYTES} bytes of a body, and a count of those dropped
   * after them, up to {@value #MAX_DRAINED_BYTES}.
   */
  private static final class BoundedBytes {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long dropped;

    void add(byte[] bytes, int n) {
      int room = HttpPoster.MAX_BODY_BYTES - kept.size();
      int keep = Math.max(0, Math.min(room, n));
      kept.write(bytes, 0, keep);
      dropped += n - keep;
    }

    boolean full() {
      return dropped >= MAX_DRAINED_BYTES;
    }

    String text() {
      return kept.toString(StandardCharsets.UTF_8);
    }
  }
}
