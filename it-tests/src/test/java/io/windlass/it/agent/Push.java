package io.windlass.it.agent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Pushes Prometheus text to an agent's or backend's import endpoint, as any client would. */
final class Push {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private Push() {}

  /**
   * One request of {@code series} × {@code timestamps} samples: series {@code name{series="s<i>"}}
   * with value {@code i * 1000 + j} at {@code firstMillis + j * stepMillis}.
   */
  static String body(String name, int series, long firstMillis, long stepMillis, int timestamps) {
    StringBuilder text = new StringBuilder(series * timestamps * 40);
    for (int j = 0; j < timestamps; j++) {
      long time = firstMillis + j * stepMillis;
      for (int i = 0; i < series; i++) {
        text.append(name)
            .append("{series=\"s")
            .append(i)
            .append("\"} ")
            .append(i * 1000L + j)
            .append(' ')
            .append(time)
            .append('\n');
      }
    }
    return text.toString();
  }

  /** POSTs {@code body}; returns the status code and body. */
  static Answer post(URI uri, String body) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }

  /** GETs {@code uri}; returns the status code and body. */
  static Answer get(URI uri) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }

  /** An HTTP answer. */
  record Answer(int status, String body) {}

  /** The timestamps of every sample in {@code series}, flattened. */
  static List<Long> timestamps(List<io.windlass.it.backend.SeriesData> series) {
    return series.stream().flatMap(s -> s.timestamps().stream()).toList();
  }
}
