package io.windlass.it.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.windlass.it.agent.RemoteWriteTap.Metadata;
import io.windlass.it.backend.BackendExtension;
import io.windlass.it.backend.PrometheusServer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code # TYPE}, {@code # HELP} and {@code # UNIT} of a pushed Prometheus text body, through
 * the agent's jar: kept with the batch in the spool, sent as remote write metadata in the requests
 * a real Prometheus takes, and written again on the agent's own exposition.
 *
 * <p>Prometheus' remote write receiver stores the samples and takes the request with its metadata,
 * but keeps no metadata from remote write (its {@code /api/v1/metadata} tells only of what it
 * scrapes), so the metadata is read off the requests on their way to it.
 */
class MetricMetadataIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @RegisterExtension
  final BackendExtension<PrometheusServer> prometheus =
      new BackendExtension<>(PrometheusServer::new);

  @RegisterExtension final AgentExtension agents = new AgentExtension();

  private RemoteWriteTap tap;

  @AfterEach
  void closeTap() {
    if (tap != null) {
      tap.close();
    }
  }

  @Test
  void typeHelpAndUnitOfAPushedBodyReachPrometheusWithItsSamplesAndTheAgentsExposition()
      throws Exception {
    PrometheusServer backend = prometheus.get();
    tap = new RemoteWriteTap(backend.remoteWriteUri());
    WindlassAgentProcess agent =
        agents
            .track(new WindlassAgentProcess())
            .config(
                "agent:\n  tag: e2e-metadata\ninputs: []\nsink:\n  url: "
                    + tap.uri()
                    + "\n  interval: 200ms\n  jitter: 0s\n  timeout: 5s\n  retry-min: 100ms\n"
                    + "  retry-max: 500ms\n")
            .start();
    long now = Instant.now().toEpochMilli();

    Push.Answer pushed =
        Push.post(
            agent.importPrometheusUri(),
            "# HELP it_jobs_total Jobs processed.\n"
                + "# TYPE it_jobs_total counter\n"
                + "it_jobs_total{queue=\"mail\"} 7 "
                + now
                + "\n"
                + "# TYPE it_room_temperature gauge\n"
                + "# UNIT it_room_temperature celsius\n"
                + "# HELP it_room_temperature Room temperature \\\\ in degrees.\n"
                + "it_room_temperature 21.5 "
                + now
                + "\n");
    assertThat(pushed.status()).as(pushed.body()).isEqualTo(204);

    await().atMost(PATIENCE).until(() -> backend.query("it_jobs_total").size() == 1);
    await().atMost(PATIENCE).until(() -> backend.query("it_room_temperature").size() == 1);
    assertThat(tap.accepted())
        .as("metadata in the requests Prometheus took")
        .contains(
            new Metadata(1, "it_jobs_total", "Jobs processed.", ""),
            new Metadata(2, "it_room_temperature", "Room temperature \\ in degrees.", "celsius"));

    Push.Answer exposition = Push.get(agent.uri("/federate"));
    assertThat(exposition.status()).isEqualTo(200);
    assertThat(exposition.body())
        .contains("# HELP it_jobs_total Jobs processed.\n# TYPE it_jobs_total counter\n")
        .contains(
            "# HELP it_room_temperature Room temperature \\\\ in degrees.\n"
                + "# TYPE it_room_temperature gauge\n");
  }
}
