package io.windlass.manifolds.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.windlass.engine.ManifoldModule;
import io.windlass.spool.Metric;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** InfluxDB's write, ping and health paths of the status server, over real HTTP. */
class InfluxApiTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String LINE = "cpu,host=web-1 user=12.5 1735786800\n";

  @TempDir Path dir;
  private StatusAgent agent;

  @AfterEach
  void stop() throws Exception {
    if (agent != null) {
      agent.close();
    }
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    return JSON.readTree(response.body());
  }

  @Test
  void aV2WriteIsStoredAsTheV1WriteOfTheSameLinesIsWhateverTheBucket() throws Exception {
    agent = new StatusAgent(dir, StatusAgent.LOOPBACK);

    HttpResponse<String> v2 =
        agent.post("api/v2/write?org=acme&bucket=telemetry&precision=s", LINE);
    HttpResponse<String> v2Alias =
        agent.post(
            "influx/api/v2/write?orgID=0123&bucket=other&precision=ms",
            "cpu,host=web-1 user=12.5 1735786800000\n");
    HttpResponse<String> v1Alias = agent.post("influx/write?db=x&precision=s", LINE);

    assertThat(v2.statusCode()).isEqualTo(204);
    assertThat(v2Alias.statusCode()).isEqualTo(204);
    assertThat(v1Alias.statusCode()).isEqualTo(204);
    assertThat(agent.spoolMetrics())
        .extracting(Metric::key, Metric::labels, Metric::time)
        .containsExactly(
            tuple("cpu_user", Map.of("host", "web-1"), Instant.ofEpochSecond(1735786800)),
            tuple("cpu_user", Map.of("host", "web-1"), Instant.ofEpochSecond(1735786800)),
            tuple("cpu_user", Map.of("host", "web-1"), Instant.ofEpochSecond(1735786800)));
    assertThat(agent.spoolBatches()).allMatch(batch -> batch.charmUrl().equals("push:influx"));
  }

  @Test
  void aV2WriteIsCheckedAsInfluxDb2ChecksItAndAnsweredInItsJson() throws Exception {
    agent = new StatusAgent(dir, StatusAgent.LOOPBACK);

    HttpResponse<String> noBucket = agent.post("api/v2/write?org=acme", LINE);
    HttpResponse<String> noOrg = agent.post("api/v2/write?bucket=b", LINE);
    HttpResponse<String> hours = agent.post("api/v2/write?org=a&bucket=b&precision=h", LINE);
    HttpResponse<String> badLine = agent.post("api/v2/write?org=a&bucket=b", "m f=1\nm f=x\n");

    assertThat(noBucket.statusCode()).isEqualTo(404);
    assertThat(json(noBucket).get("code").asText()).isEqualTo("not found");
    assertThat(json(noBucket).get("message").asText()).isEqualTo("bucket not found");
    assertThat(noOrg.statusCode()).isEqualTo(400);
    assertThat(json(noOrg).get("message").asText()).isEqualTo("Please provide either orgID or org");
    assertThat(hours.statusCode()).isEqualTo(400);
    assertThat(json(hours).get("code").asText()).isEqualTo("invalid");
    assertThat(json(hours).get("message").asText()).isEqualTo(InfluxApi.INVALID_PRECISION);
    assertThat(badLine.statusCode()).isEqualTo(400);
    assertThat(json(badLine).get("code").asText()).isEqualTo("invalid");
    assertThat(json(badLine).get("message").asText()).startsWith("line 2: ");
    assertThat(agent.spoolBatches()).isEmpty();
  }

  @Test
  void pingAnswers204WithTheVersionHeadersToGetAndHead() throws Exception {
    agent = new StatusAgent(dir, StatusAgent.LOOPBACK);

    HttpResponse<String> get = agent.get("ping");
    HttpResponse<String> head =
        agent.send(agent.request("ping").method("HEAD", HttpRequest.BodyPublishers.noBody()));
    HttpResponse<String> post = agent.post("ping", "");

    for (HttpResponse<String> response : List.of(get, head)) {
      assertThat(response.statusCode()).isEqualTo(204);
      assertThat(response.headers().firstValue("X-Influxdb-Build")).hasValue("windlass");
      assertThat(response.headers().firstValue("X-Influxdb-Version"))
          .hasValue(StatusRoutes.VERSION);
      assertThat(response.body()).isEmpty();
    }
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void healthPassesAsInfluxDb2sHealthCheck() throws Exception {
    agent = new StatusAgent(dir, StatusAgent.LOOPBACK);

    HttpResponse<String> response = agent.get("health");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode health = json(response);
    assertThat(health.get("name").asText()).isEqualTo("windlass");
    assertThat(health.get("status").asText()).isEqualTo("pass");
    assertThat(health.get("checks").isEmpty()).isTrue();
    assertThat(health.get("version").asText()).isEqualTo(StatusRoutes.VERSION);
  }

  @Test
  void healthFailsWith503NamingAManifoldThatIsDown() throws Exception {
    agent =
        new StatusAgent(
            dir,
            StatusAgent.LOOPBACK,
            new ManifoldModule() {
              @Override
              protected void configureManifolds() {
                manifold("broken").worker(StatusManifoldModuleTest.BrokenWorker.class);
              }
            });

    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              HttpResponse<String> response = agent.get("health");
              assertThat(response.statusCode()).isEqualTo(503);
              JsonNode health = json(response);
              assertThat(health.get("status").asText()).isEqualTo("fail");
              assertThat(health.get("message").asText()).isEqualTo("not running: broken");
              assertThat(health.get("checks")).hasSize(1);
              assertThat(health.get("checks").get(0).get("name").asText()).isEqualTo("broken");
              assertThat(health.get("checks").get(0).get("message").asText())
                  .contains("disk on fire");
            });
  }

  @Test
  void withATokenInfluxClientsMaySendItAsTokenOrAsTheBasicPassword() throws Exception {
    agent = new StatusAgent(dir, StatusAgent.LOOPBACK + "  token: s3cret\n");
    String basic =
        "Basic " + Base64.getEncoder().encodeToString("me:s3cret".getBytes(StandardCharsets.UTF_8));
    String wrongBasic =
        "Basic " + Base64.getEncoder().encodeToString("s3cret:x".getBytes(StandardCharsets.UTF_8));

    assertThat(agent.post("api/v2/write?org=a&bucket=b", LINE).statusCode()).isEqualTo(401);
    assertThat(
            agent
                .post("api/v2/write?org=a&bucket=b", LINE, "Authorization", "Token s3cre")
                .statusCode())
        .isEqualTo(401);
    assertThat(agent.get("ping", "Authorization", wrongBasic).statusCode()).isEqualTo(401);
    assertThat(agent.spoolBatches()).isEmpty();

    assertThat(
            agent
                .post("api/v2/write?org=a&bucket=b", LINE, "Authorization", "Token s3cret")
                .statusCode())
        .isEqualTo(204);
    assertThat(agent.post("write", LINE, "Authorization", basic).statusCode()).isEqualTo(204);
    assertThat(agent.get("ping", "Authorization", basic).statusCode()).isEqualTo(204);
    assertThat(agent.get("ping", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(204);
    assertThat(agent.spoolMetrics()).hasSize(2);
  }
}
