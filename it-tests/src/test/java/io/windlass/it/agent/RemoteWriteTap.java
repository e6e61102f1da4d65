package io.windlass.it.agent;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xerial.snappy.Snappy;

/**
 * A pass-through in front of a real remote write receiver: each request is forwarded as is (headers
 * that say the protocol included), the receiver's answer is given back, and the {@code metadata} of
 * every request the receiver answered with a 2xx is kept, decoded, for the test to look at. Binds a
 * free loopback port. For tests.
 */
final class RemoteWriteTap implements AutoCloseable {
  /** A {@code MetricMetadata} as sent: its type number, family name, help and unit. */
  record Metadata(int type, String name, String help, String unit) {}

  private static final List<String> FORWARDED_HEADERS =
      List.of("Content-Type", "Content-Encoding", "X-Prometheus-Remote-Write-Version");

  private final HttpServer server;
  private final URI target;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Metadata> accepted = new ArrayList<>(); // guarded by this

  RemoteWriteTap(URI target) throws IOException {
    this.target = target;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::forward);
    server.start();
  }

  /** Where the agent is to send. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write");
  }

  /** The metadata of the requests the receiver took, in the order it took them. */
  synchronized List<Metadata> accepted() {
    return List.copyOf(accepted);
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(target)
              .timeout(Duration.ofSeconds(10))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      for (String name : FORWARDED_HEADERS) {
        String value = exchange.getRequestHeaders().getFirst(name);
        if (value != null) {
          request.header(name, value);
        }
      }
      HttpResponse<byte[]> answer;
      try {
        answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      if (answer.statusCode() / 100 == 2) {
        List<Metadata> metadata = metadata(Snappy.uncompress(body));
        synchronized (this) {
          accepted.addAll(metadata);
        }
      }
      byte[] reply = answer.body();
      exchange.sendResponseHeaders(answer.statusCode(), reply.length == 0 ? -1 : reply.length);
      if (reply.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(reply);
        }
      }
    }
  }

  /** The {@code metadata} (field 3) of a {@code WriteRequest}. */
  static List<Metadata> metadata(byte[] writeRequest) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(writeRequest);
      List<Metadata> metadata = new ArrayList<>();
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) != 3) {
          in.skipField(tag);
          continue;
        }
        int limit = in.pushLimit(in.readRawVarint32());
        int type = 0;
        String name = "";
        String help = "";
        String unit = "";
        for (int t = in.readTag(); t != 0; t = in.readTag()) {
          switch (WireFormat.getTagFieldNumber(t)) {
            case 1 -> type = in.readEnum();
            case 2 -> name = in.readString();
            case 4 -> help = in.readString();
            case 5 -> unit = in.readString();
            default -> in.skipField(t);
          }
        }
        in.popLimit(limit);
        metadata.add(new Metadata(type, name, help, unit));
      }
      return metadata;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
