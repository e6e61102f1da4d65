package io.windlass.manifolds.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.windlass.spool.Metric;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Pushgateway's push paths of the status server, over real HTTP. */
class PushgatewayApiTest {
  @TempDir Path dir;
  private StatusAgent agent;

  @AfterEach
  void stop() throws Exception {
    if (agent != null) {
      agent.close();
    }
  }

  @Test
  void aPushIsStoredWithTheGroupingKeysLabelsAtThePushsTimeAndAnswered200() throws Exception {
    agent = new StatusAgent(dir, StatusAgent.LOOPBACK);
    Instant before = Instant.now();

    HttpResponse<String> put =
        agent.put(
            "metrics/job/backup/instance/db-1/stage/",
            """
            # TYPE backup_bytes gauge
            backup_bytes{job="other",disk="a",stage="x"} 42
            """);
    HttpResponse<String> post =
        agent.post(
            "metrics/job@base64/YS9i/path@base64/L3Zhci90bXA", "done_total{kind=\"full\"} 1\n");

    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(put.body()).isEmpty();
    assertThat(post.statusCode()).isEqualTo(200);
    assertThat(agent.spoolMetrics())
        .extracting(Metric::key, Metric::value, Metric::labels)
        .containsExactlyInAnyOrder(
            tuple("backup_bytes", "42", Map.of("job", "backup", "instance", "db-1", "disk", "a")),
            tuple("done_total", "1", Map.of("job", "a/b", "path", "/var/tmp", "kind", "full")));
    assertThat(agent.spoolMetrics())
        .allSatisfy(metric -> assertThat(metric.time()).isBetween(before, Instant.now()));
    assertThat(agent.spoolBatches()).allMatch(batch -> batch.charmUrl().equals("push:pushgateway"));
  }

  @Test
  void deleteIsAccepted202AndStoresNothing() throws Exception {
    agent = new StatusAgent(dir, StatusAgent.LOOPBACK);

    HttpResponse<String> delete =
        agent.send(agent.request("metrics/job/backup/instance/db-1").DELETE());
    HttpResponse<String> get = agent.get("metrics/job/backup");

    assertThat(delete.statusCode()).isEqualTo(202);
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("PUT, POST, DELETE");
    assertThat(agent.spoolBatches()).isEmpty();
  }

  @Test
  void whatThePushgatewayRefusesIsRefusedAndNothingIsKept() throws Exception {
    agent = new StatusAgent(dir, StatusAgent.LOOPBACK);

    HttpResponse<String> timestamped =
        agent.post("metrics/job/j", "a 1\nb 2 " + Instant.now().toEpochMilli() + "\n");
    HttpResponse<String> oddPath = agent.post("metrics/job/j/instance", "a 1\n");
    HttpResponse<String> noJob = agent.post("metrics/job/", "a 1\n");
    HttpResponse<String> badName = agent.post("metrics/job/j/1a/v", "a 1\n");
    HttpResponse<String> badBase64 = agent.post("metrics/job@base64/!!", "a 1\n");
    HttpResponse<String> protobuf =
        agent.post(
            "metrics/job/j",
            "",
            "Content-Type",
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily;"
                + " encoding=delimited");
    HttpResponse<String> otherPath = agent.post("metrics/jobs/j", "a 1\n");

    assertThat(timestamped.statusCode()).isEqualTo(400);
    assertThat(timestamped.body()).startsWith("line 2: pushed metrics must not have timestamps");
    assertThat(oddPath.statusCode()).isEqualTo(400);
    assertThat(noJob.statusCode()).isEqualTo(400);
    assertThat(noJob.body()).isEqualTo("job name is required\n");
    assertThat(badName.statusCode()).isEqualTo(400);
    assertThat(badName.body()).isEqualTo("improper label name \"1a\"\n");
    assertThat(badBase64.statusCode()).isEqualTo(400);
    assertThat(protobuf.statusCode()).isEqualTo(415);
    assertThat(otherPath.statusCode()).isEqualTo(404);
    assertThat(agent.spoolBatches()).isEmpty();
  }
}
