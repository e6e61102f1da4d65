package io.windlass.manifolds.report;

import io.windlass.manifolds.stats.ConfigHistory;
import io.windlass.manifolds.stats.SenderState;
import io.windlass.manifolds.stats.SpoolState;
import io.windlass.spool.SpoolStats;
import io.windlass.spool.sender.SenderStats;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Snapshots made by hand for the terminal lines' tests. */
final class Snapshots {
  static final String SINK = "http://127.0.0.1:9/api/v1/write";

  private Snapshots() {}

  static SpoolState spool(long bytes, long maxBytes, long batches, long published, Duration age) {
    return new SpoolState(
        Path.of("/data/spool"),
        new SpoolStats(
            bytes, batches, age, batches, published, 0, Map.of(), Map.of(), 0, 0, 0, 0, Map.of(),
            Map.of()),
        maxBytes);
  }

  static SenderState sender(long sentMetrics, Optional<String> failure) {
    return new SenderState(
        SINK,
        "prometheus-remote-write",
        new SenderStats(
            sentMetrics / 10,
            sentMetrics,
            0,
            0,
            0,
            3,
            failure.isPresent() ? 1 : 0,
            0,
            failure,
            failure.map(f -> Instant.parse("2026-01-01T00:00:05Z")),
            Optional.empty()));
  }

  static AgentSnapshot snapshot(
      ConfigHistory configs, Optional<SpoolState> spool, Optional<SenderState> sender) {
    return new AgentSnapshot(configs, spool, sender);
  }

  static ConfigHistory loaded(long loads) {
    return new ConfigHistory(loads, "windlass.yaml", "host-1", 0, List.of());
  }
}
