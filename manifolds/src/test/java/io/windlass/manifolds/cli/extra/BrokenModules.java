package io.windlass.manifolds.cli.extra;

import com.google.inject.AbstractModule;
import io.windlass.engine.ManifoldModule;

/** Module classes that cannot be loaded, each for its own reason. */
public final class BrokenModules {
  private BrokenModules() {}

  /** Its constructor throws. */
  public static final class FailingConstructor extends AbstractModule {
    public FailingConstructor() {
      throw new IllegalStateException("no licence key");
    }
  }

  /** A manifold module whose constructor throws. */
  public static final class FailingManifoldModule extends ManifoldModule {
    public FailingManifoldModule() {
      throw new IllegalStateException("no licence key");
    }

    @Override
    protected void configureManifolds() {}
  }

  /** It needs an argument. */
  public static final class NeedsArgument extends AbstractModule {
    public NeedsArgument(String argument) {}
  }

  /** Not public. */
  static final class Hidden extends AbstractModule {
    public Hidden() {}
  }

  /** Declares a manifold whose input no module declares. */
  public static final class UnknownInput extends ManifoldModule {
    @Override
    protected void configureManifolds() {
      manifold("orphan").inputs("nowhere").start(resources -> new PingerManifoldModule.Idle());
    }
  }
}
