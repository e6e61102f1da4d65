package io.windlass.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Engine#isHealthy()} and {@link Engine#awaitHealthy(Duration)}. */
class EngineHealthTest {
  private static final Duration BRIEFLY = Duration.ofMillis(20);

  private final EngineHarness h = new EngineHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  /**
   * Covers a bug where an engine whose loop had not yet installed its manifolds counted as healthy
   * (it had no supervisors, and all of none were healthy), so {@code startAsync()} followed at once
   * by {@code awaitHealthy()} returned before any worker had run.
   */
  @Test
  void notHealthyUntilEveryDeclaredManifoldHasRun() throws TimeoutException {
    h.engine =
        Engine.create(
            Guice.createInjector(),
            List.of(h.manifold("a").build(), h.manifold("b", "a").build()),
            h.config().build());
    assertThat(h.engine.isHealthy()).as("not started").isFalse();
    assertThatThrownBy(() -> h.engine.awaitHealthy(BRIEFLY)).isInstanceOf(TimeoutException.class);

    h.engine.startAsync();
    // "b" waits out its bounce delay on the manual clock: the engine cannot be healthy yet.
    assertThatThrownBy(() -> h.engine.awaitHealthy(BRIEFLY)).isInstanceOf(TimeoutException.class);
    assertThat(h.engine.isHealthy()).isFalse();

    h.runLong();
    h.engine.awaitHealthy(EngineHarness.QUIET_TIMEOUT);
    assertThat(h.engine.isHealthy()).isTrue();
    assertThat(List.of(h.starts("a"), h.starts("b"))).containsExactly(1, 1);
  }

  @Test
  void engineWithNoManifoldsIsHealthyOnceRunning() throws TimeoutException {
    h.engine = Engine.create(Guice.createInjector(), List.of(), h.config().build());
    assertThat(h.engine.isHealthy()).isFalse();

    h.engine.startAsync().awaitRunning();
    h.engine.awaitHealthy(EngineHarness.QUIET_TIMEOUT);
    assertThat(h.engine.isHealthy()).isTrue();
  }

  /**
   * Covers a bug where {@link Engine#awaitHealthy} was documented to throw when a manifold was
   * uninstalled, though it (and {@link Engine#isHealthy()}) simply stops counting that manifold.
   */
  @Test
  void uninstallingAManifoldThatNeverRanMakesTheEngineHealthyWithoutThrowing()
      throws TimeoutException {
    h.start(h.manifold("a").build());
    h.engine.install(h.manifold("waits", "later").build());
    h.runLong();
    assertThat(h.engine.isHealthy()).as("waits has never run").isFalse();
    assertThatThrownBy(() -> h.engine.awaitHealthy(BRIEFLY)).isInstanceOf(TimeoutException.class);

    h.engine.uninstall("waits");
    h.settle();

    h.engine.awaitHealthy(EngineHarness.QUIET_TIMEOUT);
    assertThat(h.engine.isHealthy()).isTrue();
    assertThat(h.starts("waits")).isZero();
  }
}
