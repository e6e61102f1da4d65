package io.windlass.it.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.Service;
import com.google.inject.Guice;
import io.windlass.engine.Engine;
import io.windlass.engine.EngineModule;
import io.windlass.manifolds.agent.AgentManifoldModule;
import io.windlass.manifolds.agent.AgentOptions;
import io.windlass.manifolds.spool.SpoolManifoldModule;
import io.windlass.spool.Metric;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.MetricReader;
import io.windlass.spool.SpoolDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the README's examples. */
class ReadmeExamplesTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @TempDir Path dataDir;

  @Test
  void theEmbeddedApplicationRunsBothManifoldsAndStopsCleanly() throws Exception {
    EmbeddedApplication.Result result = EmbeddedApplication.run();

    assertThat(result.report().manifold("greeter").inputs()).containsExactly("greeting");
    assertThat(result.report().manifold("greeter").state()).isEqualTo("started");
    assertThat(result.greeting()).isEqualTo("hello, world");
    assertThat(result.engine().state()).isEqualTo(Service.State.TERMINATED);
  }

  @Test
  void theThreadCountModuleSpoolsABatchInTheAgent() throws Exception {
    Engine engine =
        Guice.createInjector(
                new EngineModule(),
                new AgentManifoldModule(new AgentOptions(Optional.empty(), Optional.of(dataDir))),
                new SpoolManifoldModule(),
                new ThreadCountManifoldModule())
            .getInstance(Engine.class);
    engine.startAsync().awaitRunning();
    try {
      engine.awaitHealthy(PATIENCE);
      assertThat(engine.report().manifold("thread-count").inputs())
          .containsExactlyInAnyOrder("agent", "spool");
      await().atMost(PATIENCE).until(() -> published(engine) > 0); // the first run is at once
    } finally {
      engine.stopAsync().awaitTerminated(PATIENCE);
    }

    List<MetricBatch> batches;
    try (SpoolDirectory spool = SpoolDirectory.open(dataDir.resolve("spool"));
        MetricReader reader = spool.reader()) {
      batches = reader.read();
    }
    assertThat(batches).isNotEmpty();
    MetricBatch batch = batches.get(0);
    assertThat(batch.charmUrl()).isEqualTo("local:threads");
    Metric metric = batch.metrics().get(0);
    assertThat(metric.key()).isEqualTo("jvm.threads");
    assertThat(Integer.parseInt(metric.value())).isPositive();
  }

  private static long published(Engine engine) {
    Object value = engine.report().manifold("spool").report().get("published-batches");
    return value instanceof Number n ? n.longValue() : 0;
  }
}
