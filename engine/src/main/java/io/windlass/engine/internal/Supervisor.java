package io.windlass.engine.internal;

import com.google.common.util.concurrent.AbstractService;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The Guava service that stands for one installed manifold in the engine's {@code ServiceManager}:
 * STARTING until its worker first runs (so the manager's startup timings say how long each manifold
 * took to come up, and "healthy" means every manifold has run), RUNNING while installed, TERMINATED
 * once uninstalled or the engine has stopped, FAILED if its worker ended with a fatal error.
 * Stopping it from outside uninstalls the manifold.
 */
final class Supervisor extends AbstractService {
  private final String manifold;
  private final Consumer<String> uninstall;

  private final long installedNanos = System.nanoTime();
  private volatile @Nullable Duration startup;

  Supervisor(String manifold, Consumer<String> uninstall) {
    this.manifold = manifold;
    this.uninstall = uninstall;
  }

  /** How long the manifold took from install to its first running worker; null until then. */
  @Nullable Duration startup() {
    return startup;
  }

  String manifold() {
    return manifold;
  }

  @Override
  protected void doStart() {
    // Stays STARTING until the loop reports the manifold's first running worker.
  }

  @Override
  protected void doStop() {
    uninstall.accept(manifold);
  }

  @Override
  protected void doCancelStart() {
    uninstall.accept(manifold);
  }

  void markRunning() {
    try {
      if (state() == State.STARTING) {
        startup = Duration.ofNanos(System.nanoTime() - installedNanos);
        notifyStarted();
      }
    } catch (IllegalStateException raced) {
      // Stopped from outside at the same moment; the stop wins.
    }
  }

  void markStopped() {
    State s = state();
    if (s == State.STARTING || s == State.RUNNING || s == State.STOPPING) {
      try {
        notifyStopped();
      } catch (IllegalStateException raced) {
        // Already ended.
      }
    }
  }

  void markFailed(Throwable cause) {
    State s = state();
    if (s == State.STARTING || s == State.RUNNING || s == State.STOPPING) {
      try {
        notifyFailed(cause);
      } catch (IllegalStateException raced) {
        // Already ended.
      }
    }
  }

  @Override
  public String toString() {
    return "manifold " + manifold + " [" + state() + "]";
  }
}
