package io.windlass.it.reliability;

import static java.nio.charset.StandardCharsets.US_ASCII;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.xerial.snappy.Snappy;

/**
 * A loopback HTTP/1.1 proxy in front of a real remote-write backend that injects one fault into
 * every {@code every}th request, after the backend has stored it: the backend really has the
 * samples, and only the answer is lost, late or cut.
 */
final class FaultProxy implements AutoCloseable {

  /** What becomes of the answer to a faulty request. */
  enum Fault {
    /** The connection is closed before the status line. */
    CUT_BEFORE_STATUS,
    /**
     * No answer: the request is held until the sender gives up and closes the connection, or the
     * slowness has passed and the proxy closes it.
     */
    SLOW,
    /** A complete {@code 200} status line and headers, then the connection is closed mid-body. */
    CUT_BODY
  }

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final URI backend;
  private final Fault fault;
  private final int every;
  private final Duration slowness;
  private final ServerSocket socket;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong faulted = new AtomicLong();
  private final AtomicLong faultedSamples = new AtomicLong();
  private final AtomicLong forwardedSamples = new AtomicLong();

  /**
   * A proxy to {@code backend} (its remote-write URL) that answers every {@code every}th request
   * with {@code fault}; {@code slowness} is how long a {@link Fault#SLOW} answer is held.
   */
  FaultProxy(URI backend, Fault fault, int every, Duration slowness) throws IOException {
    this.backend = backend;
    this.fault = fault;
    this.every = every;
    this.slowness = slowness;
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  /** The proxy's remote-write URL. */
  URI url() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort() + backend.getRawPath());
  }

  /** Requests received. */
  long requests() {
    return requests.get();
  }

  /** Requests whose answer was faulty. */
  long faulted() {
    return faulted.get();
  }

  /** Samples the faulty requests carried (each stored by the backend). */
  long faultedSamples() {
    return faultedSamples.get();
  }

  /** Samples every request carried, faulty or not. */
  long forwardedSamples() {
    return forwardedSamples.get();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        accepted.add(connection);
        threads.execute(() -> serve(connection));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket connection) {
    try (connection) {
      InputStream in = connection.getInputStream();
      OutputStream out = connection.getOutputStream();
      while (true) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (!readHead(in, headers)) {
          return;
        }
        byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        long samples = samples(body);
        forwardedSamples.addAndGet(samples);
        int status = forward(body);
        boolean faulty = status / 100 == 2 && requests.incrementAndGet() % every == 0;
        if (!faulty) {
          out.write(("HTTP/1.1 " + status + " X\r\nContent-Length: 0\r\n\r\n").getBytes(US_ASCII));
          out.flush();
          continue;
        }
        faulted.incrementAndGet();
        faultedSamples.addAndGet(samples);
        switch (fault) {
          case CUT_BEFORE_STATUS -> {}
          case SLOW -> holdUnanswered(connection, in);
          case CUT_BODY -> {
            out.write(
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 64\r\n\r\nstor"
                    .getBytes(US_ASCII));
            out.flush();
          }
        }
        return;
      }
    } catch (IOException e) {
      // The sender went away.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A backend that answers too late: reads on without answering until the sender gives up and
   * closes the connection, or {@code slowness} has passed.
   */
  private void holdUnanswered(Socket connection, InputStream in) throws IOException {
    connection.setSoTimeout(Math.toIntExact(Math.max(1, slowness.toMillis())));
    try {
      while (in.read() >= 0) {
        // The sender should not send more before an answer; whatever comes is not answered.
      }
    } catch (SocketTimeoutException e) {
      // Held for the whole slowness; the connection is closed unanswered.
    }
  }

  /** Forwards a remote-write body to the backend; its status. */
  private int forward(byte[] body) throws IOException, InterruptedException {
    HttpResponse<Void> response =
        HTTP.send(
            HttpRequest.newBuilder(backend)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Encoding", "snappy")
                .header("Content-Type", "application/x-protobuf")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    return response.statusCode();
  }

  /** The samples in a snappy-compressed {@code WriteRequest}. */
  static long samples(byte[] body) throws IOException {
    CodedInputStream request = CodedInputStream.newInstance(Snappy.uncompress(body));
    long samples = 0;
    for (int tag = request.readTag(); tag != 0; tag = request.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) != 1) {
        request.skipField(tag);
        continue;
      }
      int limit = request.pushLimit(request.readRawVarint32());
      for (int inner = request.readTag(); inner != 0; inner = request.readTag()) {
        if (WireFormat.getTagFieldNumber(inner) == 2) {
          samples++;
        }
        request.skipField(inner);
      }
      request.popLimit(limit);
    }
    return samples;
  }

  private static boolean readHead(InputStream in, Map<String, String> headers) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    boolean first = true;
    while (true) {
      int c = in.read();
      if (c < 0) {
        return false;
      }
      if (c != '\n') {
        line.write(c);
        continue;
      }
      String text = line.toString(US_ASCII).strip();
      line.reset();
      if (text.isEmpty()) {
        if (first) {
          continue;
        }
        return true;
      }
      if (!first) {
        int colon = text.indexOf(':');
        if (colon > 0) {
          headers.put(
              text.substring(0, colon).strip().toLowerCase(Locale.ROOT),
              text.substring(colon + 1).strip());
        }
      }
      first = false;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket connection : accepted) {
      connection.close();
    }
    threads.shutdownNow();
  }
}
