package io.windlass.it.backend;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xerial.snappy.Snappy;

/**
 * A test-only Prometheus remote-write 1.0 client, written by hand to check the backend fixtures
 * without the agent's sender: {@link #encode} writes a {@code prometheus.WriteRequest} protobuf
 * with {@link CodedOutputStream}, {@link #post} compresses it with snappy (block format) and POSTs
 * it with the protocol's headers.
 *
 * <pre>
 * message WriteRequest { repeated TimeSeries timeseries = 1; }
 * message TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
 * message Label        { string name = 1; string value = 2; }
 * message Sample       { double value = 1; int64 timestamp = 2; }   // timestamp in ms
 * </pre>
 */
public final class RemoteWrite {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private RemoteWrite() {}

  /** One series and its samples; the labels include {@code __name__}. */
  public record Series(Map<String, String> labels, List<Point> samples) {
    public Series {
      labels = Map.copyOf(labels);
      samples = List.copyOf(samples);
    }

    /**
     * A series named {@code name} with the labels {@code labelPairs} (name, value, name, value…).
     */
    public static Series of(String name, String... labelPairs) {
      Map<String, String> labels = new TreeMap<>();
      labels.put("__name__", name);
      for (int i = 0; i < labelPairs.length; i += 2) {
        labels.put(labelPairs[i], labelPairs[i + 1]);
      }
      return new Series(labels, List.of());
    }

    /** This series with one more sample. */
    public Series sample(long timestampMillis, double value) {
      List<Point> more = new ArrayList<>(samples);
      more.add(new Point(timestampMillis, value));
      return new Series(labels, more);
    }
  }

  /** A backend's answer: the HTTP status, the body as sent and the Content-Type header. */
  public record Answer(int status, String body, String contentType) {
    @Override
    public String toString() {
      return status + " " + contentType + " " + body.replace("\n", "\\n");
    }
  }

  /** The uncompressed protobuf {@code WriteRequest} of {@code series}, labels sorted by name. */
  public static byte[] encode(List<Series> series) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      for (Series s : series) {
        byte[] timeSeries = timeSeries(s);
        out.writeTag(1, 2);
        out.writeUInt32NoTag(timeSeries.length);
        out.writeRawBytes(timeSeries);
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] timeSeries(Series series) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    for (Map.Entry<String, String> label : new TreeMap<>(series.labels()).entrySet()) {
      byte[] name = label.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] value = label.getValue().getBytes(StandardCharsets.UTF_8);
      out.writeTag(1, 2);
      out.writeUInt32NoTag(
          CodedOutputStream.computeByteArraySize(1, name)
              + CodedOutputStream.computeByteArraySize(2, value));
      out.writeByteArray(1, name);
      out.writeByteArray(2, value);
    }
    for (Point sample : series.samples()) {
      out.writeTag(2, 2);
      out.writeUInt32NoTag(
          CodedOutputStream.computeDoubleSize(1, sample.value())
              + CodedOutputStream.computeInt64Size(2, sample.timestampMillis()));
      out.writeDouble(1, sample.value());
      out.writeInt64(2, sample.timestampMillis());
    }
    out.flush();
    return bytes.toByteArray();
  }

  /** Encodes, compresses and POSTs {@code series} to {@code url}. */
  public static Answer post(URI url, Series... series) {
    return post(url, List.of(series));
  }

  /** Encodes, compresses and POSTs {@code series} to {@code url}. */
  public static Answer post(URI url, List<Series> series) {
    try {
      return postRaw(url, Snappy.compress(encode(series)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** POSTs {@code body} as is, with the remote-write headers (to send malformed bodies). */
  public static Answer postRaw(URI url, byte[] body) {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-protobuf")
            .header("Content-Encoding", "snappy")
            .header("X-Prometheus-Remote-Write-Version", "0.1.0")
            .header("User-Agent", "windlass-it-tests")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return send(request);
  }

  /** POSTs Prometheus text exposition to {@code url} (e.g. {@code /api/v1/import/prometheus}). */
  public static Answer postText(URI url, String text) {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "text/plain; version=0.0.4")
            .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8))
            .build();
    return send(request);
  }

  private static Answer send(HttpRequest request) {
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.body(),
          response.headers().firstValue("Content-Type").orElse(""));
    } catch (IOException e) {
      throw new UncheckedIOException("POST " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: POST " + request.uri(), e);
    }
  }
}
