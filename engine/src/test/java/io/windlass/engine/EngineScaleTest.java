package io.windlass.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.Service;
import com.google.inject.Guice;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The engine with thousands of manifolds. */
class EngineScaleTest {
  private static final int MANIFOLDS = 2_000;

  private final EngineHarness h = new EngineHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  /**
   * Covers a bug where a stopping engine did work proportional to all its manifolds for every
   * event, and again for every manifold it removed at the end: stopping thousands of idle manifolds
   * took seconds. How long it takes is measured by {@code EngineBenchmark}, not here.
   */
  @Test
  @DisplayName("thousands of idle manifolds all start once and all stop")
  void startsAndStopsThousandsOfIdleManifolds() throws TimeoutException {
    List<Manifold> manifolds = new ArrayList<>();
    for (int i = 0; i < MANIFOLDS; i++) {
      manifolds.add(h.manifold("m" + i).build());
    }
    h.start(h.config().build(), Guice.createInjector(), manifolds.toArray(Manifold[]::new));
    h.engine.awaitHealthy(EngineHarness.QUIET_TIMEOUT);

    assertThat(h.engine.report().manifolds().values())
        .allMatch(m -> m.state().equals("started") && m.startCount() == 1);
    h.engine.stopAsync().awaitTerminated(EngineHarness.QUIET_TIMEOUT);

    assertThat(h.allWorkers())
        .hasSize(MANIFOLDS)
        .allMatch(w -> w.state() == Service.State.TERMINATED);
  }
}
