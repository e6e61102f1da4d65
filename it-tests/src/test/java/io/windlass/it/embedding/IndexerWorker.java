package io.windlass.it.embedding;

import com.google.common.util.concurrent.AbstractScheduledService;
import com.google.inject.Inject;

/**
 * Indexes the store periodically. It injects {@link Store}, which only the "store" manifold
 * exposes, so the engine makes "store" an input of "indexer" and injects the store of the store
 * worker that is running when the indexer starts. {@link IndexerSettings} comes from the host's own
 * bindings.
 */
final class IndexerWorker extends AbstractScheduledService {
  private final Store store;
  private final IndexerSettings settings;
  private final WorkerJournal journal;
  private volatile int generation;
  private int runs;

  @Inject
  IndexerWorker(Store store, IndexerSettings settings, WorkerJournal journal) {
    this.store = store;
    this.settings = settings;
    this.journal = journal;
  }

  /** The store this worker was given. */
  Store store() {
    return store;
  }

  @Override
  protected void startUp() {
    generation = journal.started("indexer", this);
  }

  @Override
  protected void runOneIteration() {
    runs++;
    store.put("indexer.runs", Integer.toString(runs));
  }

  @Override
  protected Scheduler scheduler() {
    return Scheduler.newFixedDelaySchedule(settings.period(), settings.period());
  }

  @Override
  protected void shutDown() {
    journal.record("stop indexer " + generation);
  }

  @Override
  protected String serviceName() {
    return "indexer#" + generation;
  }
}
