package io.windlass.manifolds.cli.extra;

import com.google.common.util.concurrent.AbstractIdleService;
import io.windlass.engine.ManifoldModule;

/**
 * An extra module a jar provides through {@code META-INF/services}: the {@code pinger} manifold.
 */
public final class PingerManifoldModule extends ManifoldModule {

  @Override
  protected void configureManifolds() {
    manifold("pinger").inputs("agent").start(resources -> new Idle());
  }

  static final class Idle extends AbstractIdleService {
    @Override
    protected void startUp() {}

    @Override
    protected void shutDown() {}
  }
}
