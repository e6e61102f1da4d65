package io.windlass.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.Service;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Runtime uninstall, and health as manifolds come up. */
class EngineUninstallTest {
  private final EngineHarness h = new EngineHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  @DisplayName("uninstall stops the worker, removes the manifold and bounces its dependents")
  void uninstallStopsRemovesAndBounces() {
    h.start(h.manifold("a").build(), h.manifold("b", "a").build());
    h.runLong();
    TestWorker a = h.worker("a");
    int bStarts = h.startCalls("b");

    h.engine.uninstall("a");
    assertThat(a.state()).isEqualTo(Service.State.TERMINATED);
    assertThat(h.engine.report().manifolds()).doesNotContainKey("a");
    h.runLong();
    assertThat(h.startCalls("b")).isEqualTo(bStarts + 1);
    assertThat(h.engine.report().manifold("b").state()).isEqualTo("stopped");
    assertThat(h.engine.report().manifold("b").error()).contains("\"a\" is not running");

    h.engine.install(h.manifold("a").build());
    h.runLong();
    assertThat(h.worker("b").isRunning()).isTrue();
  }

  @Test
  @DisplayName("uninstalling a name that is not installed fails naming it")
  void uninstallUnknownFails() {
    h.start();
    assertThatThrownBy(() -> h.engine.uninstall("ghost"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no manifold \"ghost\" is installed");
  }

  @Test
  @DisplayName("uninstall before start or after stop fails with the engine's state")
  void uninstallOutsideRunningFails() {
    h.engine =
        Engine.create(
            com.google.inject.Guice.createInjector(),
            java.util.List.of(h.manifold("a").build()),
            h.config().build());
    assertThatThrownBy(() -> h.engine.uninstall("a"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the engine has not started");
    h.engine.startAsync().awaitRunning();
    h.stop();
    assertThatThrownBy(() -> h.engine.uninstall("a"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("engine is shutting down");
  }

  @Test
  @DisplayName("the engine is healthy once every manifold's worker has run; startup times say when")
  void healthTracksFirstRuns() throws Exception {
    h.start(h.manifold("a").build());
    h.engine.install(h.manifold("waits", "missing").build());
    h.runLong();
    assertThat(h.engine.isHealthy()).isFalse(); // "waits" has never run
    assertThat(h.engine.startupTimes()).containsOnlyKeys("a");

    h.engine.install(h.manifold("missing").build());
    h.runLong();
    assertThat(h.engine.isHealthy()).isTrue();
  }

  @Test
  @DisplayName("uninstalling a manifold leaves the engine healthy; a stopped engine is not healthy")
  void healthIgnoresUninstalledManifoldsAndStoppedEngines() throws Exception {
    h.start(h.manifold("a").build(), h.manifold("b").build());
    h.runLong();
    h.engine.awaitHealthy(EngineHarness.QUIET_TIMEOUT);
    h.engine.uninstall("b");
    assertThat(h.engine.isHealthy()).isTrue();
    h.engine.awaitHealthy(EngineHarness.QUIET_TIMEOUT);
    h.stop();
    assertThat(h.engine.isHealthy()).isFalse();
  }
}
