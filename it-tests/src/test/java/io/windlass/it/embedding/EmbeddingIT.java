package io.windlass.it.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.Service;
import com.google.common.util.concurrent.ServiceManager;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.windlass.engine.Engine;
import io.windlass.engine.EngineConfig;
import io.windlass.engine.EngineModule;
import io.windlass.engine.ManifoldReport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Embedding the engine: a host application with its own Guice modules and its own {@code
 * ServiceManager} runs two manifolds of its own, "store" and "indexer" (which injects the store's
 * {@link Store}).
 *
 * <p>The whole of the embedding is the injector below: the host's module, {@code new
 * EngineModule(config)} and the manifold modules. The host then gets its {@code ServiceManager}
 * (which holds the {@link Engine} and the host's {@link HostStatus}), starts it, and stops it; the
 * engine starts, restarts and stops the workers inside.
 */
class EmbeddingIT {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  /** Restart a failed worker quickly, so the example does not wait the default 3 s. */
  private static final EngineConfig CONFIG =
      EngineConfig.builder()
          .errorDelay(Duration.ofMillis(50))
          .bounceDelay(Duration.ofMillis(5))
          .build();

  private ServiceManager host;
  private Engine engine;
  private HostStatus status;
  private WorkerJournal journal;

  @BeforeEach
  void startHost() throws TimeoutException {
    Injector injector =
        Guice.createInjector(
            new HostModule(),
            new EngineModule(CONFIG),
            new StoreManifoldModule(),
            new IndexerManifoldModule());
    host = injector.getInstance(ServiceManager.class);
    engine = injector.getInstance(Engine.class);
    status = injector.getInstance(HostStatus.class);
    journal = injector.getInstance(WorkerJournal.class);

    // The host's services are running: the engine and HostStatus.
    host.startAsync().awaitHealthy(PATIENCE);
    // Every manifold's worker has run.
    engine.awaitHealthy(PATIENCE);
  }

  @AfterEach
  void stopHost() throws TimeoutException {
    host.stopAsync().awaitStopped(PATIENCE);
  }

  @Test
  void engineRunsTheHostsManifoldsInsideTheHostsServiceManager() {
    ManifoldReport indexer = engine.report().manifold("indexer");
    assertThat(indexer.inputs()).as("inferred from the injected Store").containsExactly("store");
    assertThat(indexer.startCount()).isEqualTo(1);
    assertThat(engine.report().manifold("store").startCount()).isEqualTo(1);

    Store store = journal.latest(StoreWorker.class).store();
    assertThat(journal.latest(IndexerWorker.class).store()).isSameAs(store);
    await().atMost(PATIENCE).until(() -> store.get("indexer.runs").isPresent());

    assertThat(status.render()).isEqualTo("indexer=started store=started");
  }

  @Test
  void failedStoreIsRestartedAndItsIndexerBouncedOntoTheNewStore() throws InterruptedException {
    StoreWorker first = journal.latest(StoreWorker.class);

    first.crash(new IllegalStateException("disk full"));

    await().atMost(PATIENCE).until(() -> startCount("store") == 2 && startCount("indexer") == 2);
    assertThat(engine.awaitQuiescence(PATIENCE)).isTrue();
    assertThat(startCount("store")).as("restarted once").isEqualTo(2);
    assertThat(startCount("indexer")).as("bounced once").isEqualTo(2);
    assertThat(first.state()).isEqualTo(Service.State.FAILED);
    assertThat(first.failureCause()).hasMessage("disk full");

    Store newStore = journal.latest(StoreWorker.class).store();
    assertThat(newStore).isNotSameAs(first.store());
    assertThat(journal.latest(IndexerWorker.class).store()).isSameAs(newStore);
    await().atMost(PATIENCE).until(() -> newStore.get("indexer.runs").isPresent());
    assertThat(journal.events())
        .containsSubsequence(
            "start store 1", "start indexer 1", "start store 2", "start indexer 2");
  }

  @Test
  void stoppingTheHostStopsTheEngineAndEveryWorkerDependentsFirst() throws TimeoutException {
    StoreWorker crashed = journal.latest(StoreWorker.class);
    crashed.crash(new IllegalStateException("disk full"));
    await().atMost(PATIENCE).until(() -> startCount("indexer") == 2);
    int before = journal.events().size();

    host.stopAsync().awaitStopped(PATIENCE);

    assertThat(engine.state()).isEqualTo(Service.State.TERMINATED);
    assertThat(engine.report().state()).isEqualTo("stopped");
    assertThat(host.servicesByState().keySet()).containsOnly(Service.State.TERMINATED);
    List<Service> workers = journal.workers();
    assertThat(workers).hasSize(4);
    assertThat(workers)
        .filteredOn(worker -> worker != crashed)
        .allMatch(worker -> worker.state() == Service.State.TERMINATED);
    List<String> stops = journal.events().subList(before, journal.events().size());
    assertThat(stops)
        .as("dependents stop before their inputs")
        .containsSubsequence("stop indexer 2", "stop store 2")
        .contains("stop status");
  }

  private int startCount(String manifold) {
    ManifoldReport report = engine.report().manifold(manifold);
    return report == null ? 0 : report.startCount();
  }
}
