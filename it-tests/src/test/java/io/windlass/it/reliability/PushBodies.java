package io.windlass.it.reliability;

import io.windlass.spool.ReadOnlySpool;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Bodies of many distinct series, a client that pushes them, and a count of the spool's samples.
 */
final class PushBodies {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private PushBodies() {}

  /** Prometheus text: {@code series} lines of distinct series, {@code prefix} in each. */
  static byte[] prometheus(String prefix, int first, int series) {
    StringBuilder text = new StringBuilder(series * 40);
    for (int i = first; i < first + series; i++) {
      text.append("push_metric{series=\"").append(prefix).append(i).append("\"} ");
      text.append(i).append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Influx line protocol: {@code series} lines of distinct series, {@code prefix} in each. */
  static byte[] influx(String prefix, int first, int series) {
    StringBuilder text = new StringBuilder(series * 40);
    for (int i = first; i < first + series; i++) {
      text.append("push_metric,series=").append(prefix).append(i).append(" value=");
      text.append(i).append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** What a push was answered. */
  record Answer(int status, String body, List<String> retryAfter) {}

  /** POSTs {@code body} to {@code uri}. */
  static Answer post(URI uri, byte[] body) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Answer(
        response.statusCode(), response.body(), response.headers().allValues("Retry-After"));
  }

  /** GETs {@code uri}'s status code. */
  static int get(URI uri) throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /**
   * The samples in the spool's published batches, as the spool's own reader counts them (data files
   * may be JSON lines or binary); fails if a published batch cannot be read.
   */
  static long spooledSamples(Path spoolDir) throws IOException {
    if (!Files.isDirectory(spoolDir)) {
      return 0;
    }
    ReadOnlySpool.Listing listing = ReadOnlySpool.of(spoolDir).list();
    if (!listing.unreadable().isEmpty() || !listing.skipped().isEmpty()) {
      throw new AssertionError(
          "unreadable batches in "
              + spoolDir
              + ": "
              + listing.unreadable()
              + ", "
              + listing.skipped());
    }
    return listing.metrics();
  }

  /** The regular files left in the spool's staging directories. */
  static List<Path> stagedFiles(Path spoolDir) throws IOException {
    Path staging = spoolDir.resolve(".staging");
    if (!Files.isDirectory(staging)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(staging)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  /** The process's peak resident set so far, in KiB ({@code VmHWM}), or -1 if unknown. */
  static long peakRssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
