package io.windlass.it.embedding;

import com.google.common.util.concurrent.AbstractExecutionThreadService;
import com.google.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * Owns an in-memory {@link Store} for as long as it runs. Like every worker it is single-use: the
 * engine constructs a new one, with a new, empty store, for every start.
 */
final class StoreWorker extends AbstractExecutionThreadService {
  private final WorkerJournal journal;
  private final MapStore store = new MapStore();
  private final CountDownLatch wake = new CountDownLatch(1);
  private volatile RuntimeException crash;
  private volatile int generation;

  @Inject
  StoreWorker(WorkerJournal journal) {
    this.journal = journal;
  }

  /** What this worker exposes to its dependents. */
  Store store() {
    return store;
  }

  /** Test hook: makes {@link #run()} end with {@code cause}, as a real failure would. */
  void crash(RuntimeException cause) {
    crash = cause;
    wake.countDown();
  }

  @Override
  protected void startUp() {
    generation = journal.started("store", this);
  }

  @Override
  protected void run() throws InterruptedException {
    // A real store would serve, flush and compact here until asked to stop.
    wake.await();
    RuntimeException cause = crash;
    if (cause != null) {
      throw cause;
    }
  }

  @Override
  protected void triggerShutdown() {
    wake.countDown();
  }

  @Override
  protected void shutDown() {
    journal.record("stop store " + generation);
  }

  @Override
  protected String serviceName() {
    return "store#" + generation;
  }

  private static final class MapStore implements Store {
    private final Map<String, String> values = new ConcurrentHashMap<>();

    @Override
    public void put(String key, String value) {
      values.put(key, value);
    }

    @Override
    public Optional<String> get(String key) {
      return Optional.ofNullable(values.get(key));
    }
  }
}
