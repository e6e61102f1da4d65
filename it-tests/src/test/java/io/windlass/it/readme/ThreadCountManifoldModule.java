package io.windlass.it.readme;

// readme:begin module
import io.windlass.engine.ManifoldModule;

/** Adds the "thread-count" manifold to the agent: list it under `modules:` in windlass.yaml. */
public final class ThreadCountManifoldModule extends ManifoldModule {
  @Override
  protected void configureManifolds() {
    // No inputs written: the worker injects MetricFactory ("spool") and AgentConfig ("agent").
    manifold("thread-count").worker(ThreadCountWorker.class);
  }
}
// readme:end module
