package io.windlass.manifolds.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.engine.EngineReport;
import io.windlass.engine.ManifoldReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class HealthTest {

  private static ManifoldReport manifold(String state, int starts, @Nullable String error) {
    return new ManifoldReport(
        state, List.of(), starts, starts == 0 ? null : Instant.EPOCH, error, Map.of());
  }

  @Test
  void aManifoldIsDownUnlessItRunsOrHasCompleted() {
    assertThat(ManifoldHealth.of(manifold("started", 1, null))).isEqualTo(ManifoldHealth.RUNNING);
    assertThat(ManifoldHealth.of(manifold("stopped", 1, null))).isEqualTo(ManifoldHealth.COMPLETED);
    assertThat(ManifoldHealth.of(manifold("stopped", 1, "disk gone")))
        .isEqualTo(ManifoldHealth.FAILED);
    assertThat(ManifoldHealth.of(manifold("starting", 2, "ticker failed")))
        .as("failed, waiting out its restart delay")
        .isEqualTo(ManifoldHealth.FAILED);
    assertThat(ManifoldHealth.of(manifold("starting", 0, null))).isEqualTo(ManifoldHealth.CHANGING);
    assertThat(ManifoldHealth.of(manifold("stopping", 1, null))).isEqualTo(ManifoldHealth.CHANGING);
    assertThat(ManifoldHealth.values())
        .filteredOn(ManifoldHealth::down)
        .containsExactly(ManifoldHealth.FAILED, ManifoldHealth.CHANGING);
  }

  @Test
  void theLinesNameTheEngineFirstThenWhatIsDown() {
    Health health =
        Health.of(
            new EngineReport(
                "starting",
                null,
                Map.of(
                    "completed", manifold("stopped", 1, null),
                    "spool", manifold("stopped", 1, "disk gone"))));

    assertThat(health.healthy()).isFalse();
    assertThat(health.down()).containsExactly("engine: starting", "spool: stopped: disk gone");
    assertThat(health.text())
        .isEqualTo("not running: engine, spool\nengine: starting\nspool: stopped: disk gone");
  }

  @Test
  void aStartedEngineWithEveryManifoldRunningOrCompletedIsHealthy() {
    Health health =
        Health.of(
            new EngineReport(
                "started",
                null,
                Map.of(
                    "agent", manifold("started", 1, null),
                    "sender", manifold("stopped", 1, null))));

    assertThat(health.healthy()).isTrue();
    assertThat(health.text()).isEqualTo("ok");
  }
}
