package io.windlass.it.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a loopback port that forwards to one target and counts the bytes clients send
 * through it: what an agent puts on the wire towards its backend, headers and all.
 */
final class ByteCountingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final AtomicLong upstreamBytes = new AtomicLong();
  private final Thread acceptor;

  ByteCountingProxy(URI target) throws IOException {
    this.target = new InetSocketAddress(target.getHost(), target.getPort());
    this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::accept, "proxy-accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** {@code uri} with its host and port replaced by this proxy's. */
  URI via(URI uri) {
    return URI.create(
        "http://127.0.0.1:"
            + server.getLocalPort()
            + uri.getRawPath()
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
  }

  /** Bytes clients have sent towards the target so far. */
  long upstreamBytes() {
    return upstreamBytes.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket();
        // Relay every read at once: with Nagle's algorithm on its sockets the proxy itself would
        // hold a client's second write (a body after its headers) until the first is acknowledged.
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        try {
          upstream.connect(target, 5_000);
        } catch (IOException e) {
          client.close(); // the backend is down: the client sees its connection closed
          continue;
        }
        pump(client, upstream, upstreamBytes);
        pump(upstream, client, new AtomicLong());
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static void pump(Socket from, Socket to, AtomicLong counter) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[64 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                  out.write(buffer, 0, n);
                  counter.addAndGet(n);
                }
              } catch (IOException e) {
                // one side closed
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
