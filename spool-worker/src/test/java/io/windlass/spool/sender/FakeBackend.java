package io.windlass.spool.sender;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend for tests: the JDK's HTTP server on a loopback ephemeral port, answering each request
 * as the current {@link Responder} says and recording what it received.
 */
final class FakeBackend implements AutoCloseable {

  /** A request as received. */
  record Received(String method, String path, Headers headers, byte[] body) {
    String header(String name) {
      return headers.getFirst(name);
    }

    List<WriteRequests.Series> series() {
      return WriteRequests.decodeCompressed(body);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** An answer. */
  record Reply(int status, Map<String, String> headers, String body) {
    static Reply status(int status) {
      return new Reply(status, Map.of(), "");
    }

    static Reply of(int status, String body) {
      return new Reply(status, Map.of(), body);
    }
  }

  /** Decides the answer to a request; may block (to play a hung backend). */
  @FunctionalInterface
  interface Responder {
    Reply reply(Received request) throws Exception;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private final AtomicInteger inHandler = new AtomicInteger();
  private volatile Responder responder;

  FakeBackend(Responder responder) throws IOException {
    this.responder = responder;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** A backend that accepts everything with 204. */
  static FakeBackend accepting() throws IOException {
    return new FakeBackend(request -> Reply.status(204));
  }

  /** A URL on a loopback port nothing listens on. */
  static URI closedPort() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    return URI.create("http://127.0.0.1:" + port + "/api/v1/write");
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write");
  }

  void respond(Responder next) {
    responder = next;
  }

  /** A responder that blocks until {@link #release()} (or close). */
  Reply hang() throws InterruptedException {
    released.await();
    return Reply.status(503);
  }

  void release() {
    released.countDown();
  }

  /** Requests whose handler is still running. */
  int inHandler() {
    return inHandler.get();
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    inHandler.incrementAndGet();
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Received request =
          new Received(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              exchange.getRequestHeaders(),
              body);
      received.add(request);
      Reply reply;
      try {
        reply = responder.reply(request);
      } catch (Exception e) {
        reply = Reply.of(599, e.toString());
      }
      reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream stream = exchange.getResponseBody()) {
          stream.write(out);
        }
      }
    } finally {
      inHandler.decrementAndGet();
    }
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
