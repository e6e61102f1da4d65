package io.windlass.manifolds.status;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A slow client: writes its text to a socket one byte per {@code pace}, on a thread of its own,
 * until the text is out or the server no longer takes it. Never idle for longer than the pace.
 */
final class TrickleClient implements AutoCloseable {
  private final OutputStream out;
  private final byte[] text;
  private final ScheduledExecutorService pacer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "trickle-client");
            thread.setDaemon(true);
            return thread;
          });
  private volatile int sent;
  private volatile boolean refused;

  private TrickleClient(Socket socket, String text) throws IOException {
    this.out = socket.getOutputStream();
    this.text = text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Starts writing {@code text} to {@code socket}, one byte per {@code pace}. */
  static TrickleClient start(Socket socket, String text, Duration pace) throws IOException {
    TrickleClient client = new TrickleClient(socket, text);
    client.pacer.scheduleWithFixedDelay(client::sendNext, 0, pace.toNanos(), TimeUnit.NANOSECONDS);
    return client;
  }

  private void sendNext() {
    if (refused || sent >= text.length) {
      pacer.shutdown();
      return;
    }
    try {
      out.write(text[sent]);
      out.flush();
      sent++;
    } catch (IOException e) {
      refused = true;
    }
  }

  /** The bytes written so far. */
  int sent() {
    return sent;
  }

  /** Whether a write failed: the server closed or reset the connection. */
  boolean refused() {
    return refused;
  }

  /** Stops writing, and waits for a write in progress to end. */
  @Override
  public void close() throws InterruptedException {
    pacer.shutdownNow();
    pacer.awaitTermination(30, TimeUnit.SECONDS);
  }
}
