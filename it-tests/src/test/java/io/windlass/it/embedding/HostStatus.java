package io.windlass.it.embedding;

import com.google.common.util.concurrent.AbstractIdleService;
import com.google.inject.Inject;
import io.windlass.engine.EngineReporter;
import java.util.stream.Collectors;

/**
 * The host's own service, run next to the engine in the host's {@code ServiceManager}. It injects
 * the engine as an {@link EngineReporter}, as a status page would.
 */
final class HostStatus extends AbstractIdleService {
  private final EngineReporter engine;
  private final WorkerJournal journal;

  @Inject
  HostStatus(EngineReporter engine, WorkerJournal journal) {
    this.engine = engine;
    this.journal = journal;
  }

  /** One line: each manifold and its state, e.g. {@code indexer=started store=started}. */
  String render() {
    return engine.report().manifolds().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue().state())
        .collect(Collectors.joining(" "));
  }

  @Override
  protected void startUp() {
    journal.record("start status");
  }

  @Override
  protected void shutDown() {
    journal.record("stop status");
  }
}
