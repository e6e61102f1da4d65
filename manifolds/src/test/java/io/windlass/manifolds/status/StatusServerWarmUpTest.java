package io.windlass.manifolds.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.windlass.manifolds.config.StatusLimits;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusServerWarmUpTest {
  @Test
  void theWarmUpEndsItsThreadAndAServerThenServes() throws Exception {
    StatusServerWarmUp.start();
    StatusServerWarmUp.await();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(thread -> thread.getName().equals("windlass-warm-up")));

    try (StatusServer server =
        StatusServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            Optional.empty(),
            1024,
            Map.of(
                "/healthz",
                new StatusServer.Endpoint("GET", request -> StatusResponse.text(200, "ok"))),
            StatusLimits.defaults(),
            StatusServer.Options.defaults(),
            new StatusServer.RequestCounters())) {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(server.url()).resolve("healthz")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("ok\n");
    }
  }
}
