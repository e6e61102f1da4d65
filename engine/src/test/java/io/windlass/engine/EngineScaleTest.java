package io.windlass.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.Service;
import com.google.inject.Guice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine with thousands of manifolds. */
class EngineScaleTest {
  private static final int MANIFOLDS = 8_000;

  private final EngineHarness h = new EngineHarness();

  @AfterEach
  void stop() {
    h.close();
  }

  /**
   * Covers a bug where a stopping engine did work proportional to all its manifolds for every
   * event, and again for every manifold it removed at the end (copying the states of all their
   * supervisors each time): stopping 8,000 idle manifolds took several seconds, nearly all of it
   * after the last worker had stopped. Done in linear time it takes a fraction of a second.
   */
  @Test
  void stopsThousandsOfIdleManifoldsPromptly() throws TimeoutException {
    List<Manifold> manifolds = new ArrayList<>();
    for (int i = 0; i < MANIFOLDS; i++) {
      manifolds.add(h.manifold("m" + i).build());
    }
    h.start(h.config().build(), Guice.createInjector(), manifolds.toArray(Manifold[]::new));
    h.engine.awaitHealthy(EngineHarness.QUIET_TIMEOUT);

    long start = System.nanoTime();
    h.engine.stopAsync().awaitTerminated(EngineHarness.QUIET_TIMEOUT);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(h.allWorkers())
        .hasSize(MANIFOLDS)
        .allMatch(w -> w.state() == Service.State.TERMINATED);
    assertThat(took).isLessThan(Duration.ofSeconds(2));
  }
}
