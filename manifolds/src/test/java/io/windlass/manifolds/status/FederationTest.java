package io.windlass.manifolds.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.manifolds.spool.LatestSamples;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricFactory;
import io.windlass.spool.MetricKind;
import io.windlass.spool.MetricRecorder;
import io.windlass.spool.SpoolDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FederationTest {
  private static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");

  @TempDir Path dir;

  private SpoolDirectory spool;
  private final LatestSamples view =
      new LatestSamples(100, Duration.ofMinutes(1), Clock.fixed(T0, ZoneOffset.UTC));
  private MetricFactory tee;

  @BeforeEach
  void open() throws IOException {
    spool = SpoolDirectory.open(dir);
    tee = view.tee(spool);
  }

  @AfterEach
  void close() throws IOException {
    spool.close();
  }

  private void record(
      String source, DeclaredMetrics declared, String key, Map<String, String> labels)
      throws IOException {
    try (MetricRecorder recorder = tee.recorder(declared, source, "t-1")) {
      recorder.addMetric(key, "1", T0, labels);
    }
  }

  @Test
  void servesEachSampleWithItsOwnJobAndInstanceAndItsSource() throws IOException {
    Map<String, String> node = Map.of("job", "node", "instance", "127.0.0.1:9100");
    Map<String, String> push = Map.of("job", "push", "instance", "127.0.0.1:9091");
    record("input:prometheus/node", DeclaredMetrics.any(), "up", node);
    record("input:prometheus/push", DeclaredMetrics.any(), "up", push);

    assertThat(Federation.render(view))
        .isEqualTo(
            "# TYPE up gauge\n"
                + "up{instance=\"127.0.0.1:9091\",job=\"push\",source=\"input:prometheus/push\"} 1"
                + " 1735787045000\n"
                + "up{instance=\"127.0.0.1:9100\",job=\"node\",source=\"input:prometheus/node\"} 1"
                + " 1735787045000\n");
  }

  @Test
  void labelsAreRenamedAsTheSenderRenamesThem() throws IOException {
    record(
        "push:prometheus",
        DeclaredMetrics.of(Map.of("hits.total", MetricKind.COUNTER)),
        "hits.total",
        Map.of("source", "theirs", "host", "a", "empty", ""));

    assertThat(Federation.render(view))
        .isEqualTo(
            "# TYPE hits_total counter\n"
                + "hits_total{exported_source=\"theirs\",host=\"a\","
                + "source=\"push:prometheus\"} 1 1735787045000\n");
  }
}
