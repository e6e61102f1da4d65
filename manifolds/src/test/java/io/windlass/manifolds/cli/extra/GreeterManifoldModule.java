package io.windlass.manifolds.cli.extra;

import com.google.common.util.concurrent.AbstractIdleService;
import com.google.inject.Inject;
import io.windlass.engine.ManifoldModule;
import io.windlass.manifolds.config.AgentConfig;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An extra module as a user would write one: the {@code greeter} manifold, whose worker injects the
 * agent config (so {@code agent} is an inferred input) and names {@code spool} explicitly.
 */
public final class GreeterManifoldModule extends ManifoldModule {

  /** How many greeter workers have been constructed, in this JVM. */
  public static final AtomicInteger WORKERS = new AtomicInteger();

  @Override
  protected void configureManifolds() {
    manifold("greeter").inputs("spool").worker(GreeterWorker.class);
  }

  static final class GreeterWorker extends AbstractIdleService {
    @Inject
    GreeterWorker(AgentConfig config) {
      WORKERS.incrementAndGet();
    }

    @Override
    protected void startUp() {}

    @Override
    protected void shutDown() {}
  }
}
