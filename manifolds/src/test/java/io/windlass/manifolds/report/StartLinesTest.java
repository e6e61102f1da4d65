package io.windlass.manifolds.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableMap;
import io.windlass.engine.EngineReport;
import io.windlass.engine.ManifoldReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartLinesTest {

  private static ManifoldReport manifold(String state, int starts, String error) {
    return new ManifoldReport(state, List.of(), starts, null, error, Map.of());
  }

  @Test
  void sayWhatRunsWhereTheDataIsTheConsoleAndTheSink() {
    EngineReport report =
        new EngineReport(
            "started",
            null,
            ImmutableMap.of(
                "agent", manifold("started", 1, null),
                "sender", manifold("stopped", 1, null),
                "status", manifold("started", 1, null)));

    List<String> lines =
        StartLines.of(
            "1.2.3",
            "host-1",
            report,
            Path.of("/var/lib/windlass"),
            "http://127.0.0.1:9465/",
            Optional.empty());

    assertThat(lines)
        .containsExactly(
            "windlass 1.2.3: agent host-1 running, 2 manifolds started",
            "data:    /var/lib/windlass (spool in /var/lib/windlass/spool)",
            "console: http://127.0.0.1:9465/",
            "sink:    none: batches stay in the spool (set sink.url or run with --sink URL to"
                + " forward them)");
  }

  @Test
  void nameWhatIsNotRunningAndTheSink() {
    EngineReport report =
        new EngineReport(
            "started",
            null,
            ImmutableMap.of(
                "agent", manifold("started", 1, null),
                "status", manifold("stopped", 0, "cannot listen on 127.0.0.1:9465")));

    List<String> lines =
        StartLines.of(
            "dev",
            "a",
            report,
            Path.of("/d"),
            "not serving yet",
            Optional.of("http://m:8428/api/v1/write (prometheus-remote-write)"));

    assertThat(lines)
        .containsExactly(
            "windlass dev: agent a running, 1 manifold started",
            "not running: status (stopped: cannot listen on 127.0.0.1:9465)",
            "data:    /d (spool in /d/spool)",
            "console: not serving yet",
            "sink:    http://m:8428/api/v1/write (prometheus-remote-write)");
  }
}
