package io.windlass.engine;

import com.google.common.util.concurrent.AbstractIdleService;
import com.google.inject.AbstractModule;
import com.google.inject.Inject;
import com.google.inject.Singleton;

/**
 * Module sets with every kind of graph problem, for {@link ManifoldConfigurationTest}. The golden
 * file pins the line numbers below: edit with care.
 */
final class BadManifoldModules {
  private BadManifoldModules() {}

  interface Greeting {}

  interface Unbound {}

  interface Preset {}

  static class Idle extends AbstractIdleService {
    @Override
    protected void startUp() {}

    @Override
    protected void shutDown() {}
  }

  static final class NeedsUnbound extends Idle {
    @Inject
    NeedsUnbound(Unbound unbound) {}
  }

  @Singleton
  static final class ScopedWorker extends Idle {}

  static final class ApplicationBindings extends AbstractModule {
    @Override
    protected void configure() {
      bind(Preset.class).toInstance(new Preset() {});
    }
  }

  static final class First extends ManifoldModule {
    @Override
    protected void configureManifolds() {
      manifold("orphan").inputs("nowhere").worker(Idle.class);
      manifold("ping").inputs("pong").worker(Idle.class);
      manifold("pong").inputs("ping").worker(Idle.class);
      manifold("twice").worker(Idle.class);
      manifold("left").worker(Idle.class).exposes(Greeting.class, w -> new Greeting() {});
    }
  }

  static final class Second extends ManifoldModule {
    @Override
    protected void configureManifolds() {
      manifold("twice").worker(Idle.class);
      manifold("right").worker(Idle.class).exposes(Greeting.class, w -> new Greeting() {});
      manifold("needy").worker(NeedsUnbound.class);
      manifold("scoped").worker(ScopedWorker.class);
      manifold("shadow").worker(Idle.class).exposes(Preset.class, w -> new Preset() {});
    }
  }

  /** Mistakes within declarations, each at its own line; the golden file pins these lines. */
  static final class Sloppy extends ManifoldModule {
    @Override
    protected void configureManifolds() {
      manifold("repeats")
          .inputs("twice", "twice")
          .worker(Idle.class)
          .exposes(Greeting.class, w -> new Greeting() {})
          .exposes(Greeting.class, w -> new Greeting() {});
      manifold("idle");
      manifold("doubled").worker(Idle.class).start(r -> new Idle());
    }
  }
}
