package io.windlass.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.windlass.it.agent.WindlassAgentProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A thousand clients that send their request headers a byte a second do not take the status server
 * down: {@code /healthz} and a push from another client are answered while they are all connected,
 * the agent holds no thread per slow connection, and the header deadline then closes them all.
 *
 * <p>Covers a bug where sixteen such connections blocked {@code /healthz} and every push for 300 s
 * (the JDK's server read headers on one of its sixteen threads per connection, with no header
 * deadline).
 */
class SlowClientsIT {
  private static final int SLOW_CLIENTS = 1000;
  private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(30);

  /** The status server's thread pool at most: max-requests (64 by default) and 6 spare. */
  private static final int MAX_STATUS_THREADS = 64 + 6;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(30))
          .build();
  private final List<Socket> slow = new ArrayList<>();
  private WindlassAgentProcess agent;

  @AfterEach
  void stop() throws IOException {
    for (Socket socket : slow) {
      socket.close();
    }
    if (agent != null) {
      agent.close();
    }
  }

  @Test
  void healthzAndPushesAreAnsweredWithAThousandSlowHeaderConnectionsOpen() throws Exception {
    agent =
        new WindlassAgentProcess()
            .statusSettings("  header-timeout: " + HEADER_TIMEOUT.toSeconds() + "s\n")
            .start();
    ProcessFigures idle = ProcessFigures.of(agent.pid());

    for (int i = 0; i < SLOW_CLIENTS; i++) {
      Socket socket = new Socket(InetAddress.getLoopbackAddress(), agent.port());
      slow.add(socket);
      send(socket, "POST /write HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    }
    ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    trickle.scheduleAtFixedRate(this::trickle, 0, 1, TimeUnit.SECONDS);
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> statusReport().path("connections").asInt() >= SLOW_CLIENTS);

      long started = System.nanoTime();
      HttpResponse<String> health = send(HttpRequest.newBuilder(agent.uri("/healthz")).GET());
      Duration healthLatency = Duration.ofNanos(System.nanoTime() - started);
      started = System.nanoTime();
      HttpResponse<String> push =
          send(
              HttpRequest.newBuilder(agent.importPrometheusUri())
                  .POST(HttpRequest.BodyPublishers.ofString("slow_clients_test 1\n")));
      Duration pushLatency = Duration.ofNanos(System.nanoTime() - started);
      JsonNode during = statusReport();
      ProcessFigures busy = ProcessFigures.of(agent.pid());

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(push.statusCode()).as(push.body()).isEqualTo(204);
      assertThat(during.path("connections").asInt())
          .as("the slow connections were all still open")
          .isGreaterThanOrEqualTo(SLOW_CLIENTS);
      assertThat(during.path("header-timeouts").asLong()).isZero();
      assertThat(busy.threads())
          .as("no thread per slow connection: at most the status server's pool grows")
          .isLessThanOrEqualTo(idle.threads() + MAX_STATUS_THREADS);
      System.out.printf(
          "SlowClientsIT: %d slow-header connections open: /healthz answered in %d ms, a push in"
              + " %d ms; agent threads %d idle, %d with them; RSS %d MiB idle, %d MiB with them%n",
          SLOW_CLIENTS,
          healthLatency.toMillis(),
          pushLatency.toMillis(),
          idle.threads(),
          busy.threads(),
          idle.rssKiB() >> 10,
          busy.rssKiB() >> 10);
    } finally {
      trickle.shutdownNow();
      assertThat(trickle.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    // The header deadline closes every one of them.
    Awaitility.await()
        .atMost(HEADER_TIMEOUT.multipliedBy(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> statusReport().path("header-timeouts").asLong() >= SLOW_CLIENTS);
    assertThat(agent.spooledBatches()).isEqualTo(1);
    assertThat(agent.isRunning()).isTrue();
  }

  /** One byte to every slow connection (sent once a second), never ending the headers. */
  private void trickle() {
    for (Socket socket : slow) {
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
      try {
        send(socket, "a");
      } catch (IOException e) {
        // Closed by the agent: the header deadline at work.
      }
    }
  }

  private static void send(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The status manifold's report: connections, header-timeouts, ... */
  private JsonNode statusReport() throws IOException, InterruptedException {
    HttpResponse<String> engine = send(HttpRequest.newBuilder(agent.uri("/engine")).GET());
    return JsonMapper.builder()
        .build()
        .readTree(engine.body())
        .path("manifolds")
        .path("status")
        .path("report");
  }

  /** A process's threads and resident memory, from {@code /proc}. */
  record ProcessFigures(int threads, long rssKiB) {
    static ProcessFigures of(long pid) throws IOException {
      int threads = 0;
      long rss = 0;
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("Threads:")) {
          threads = Integer.parseInt(line.substring(8).trim());
        } else if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.substring(6).replace("kB", "").trim());
        }
      }
      return new ProcessFigures(threads, rss);
    }
  }
}
