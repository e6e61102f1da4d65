package io.windlass.spool.sender;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server that reads each request whole and then writes the start of an answer only: a
 * status line and headers promising a body longer than what follows, and then closes the connection
 * or holds it open without writing more.
 */
final class CutAnswerServer implements AutoCloseable {
  private final ServerSocket socket;
  private final String start;
  private final boolean hold;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private final CountDownLatch released = new CountDownLatch(1);
  final AtomicInteger requests = new AtomicInteger();

  /**
   * @param start what is written of each answer
   * @param hold whether to hold the connection open afterwards rather than close it
   */
  CutAnswerServer(String start, boolean hold) throws IOException {
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.start = start;
    this.hold = hold;
    threads.execute(this::accept);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/api/v1/write");
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
      String head = head(in);
      int length = 0;
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring("content-length:".length()).strip());
        }
      }
      in.readNBytes(length);
      requests.incrementAndGet();
      connection.getOutputStream().write(start.getBytes(US_ASCII));
      connection.getOutputStream().flush();
      if (hold) {
        released.await();
      }
    } catch (IOException | InterruptedException e) {
      // The client went away.
    }
  }

  private static String head(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("no request");
      }
      head.write(c);
      matched =
          (c == '\r' && matched % 2 == 0) || (c == '\n' && matched % 2 == 1) ? matched + 1 : 0;
    }
    return head.toString(US_ASCII);
  }

  @Override
  public void close() throws IOException {
    released.countDown();
    socket.close();
    for (Socket connection : accepted) {
      connection.close();
    }
    threads.shutdownNow();
  }
}
