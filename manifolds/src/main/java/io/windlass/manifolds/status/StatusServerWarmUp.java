package io.windlass.manifolds.status;

import com.google.common.util.concurrent.Uninterruptibles;
import io.windlass.manifolds.config.StatusLimits;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a status server ahead, and throws it away, so that the first one a process starts is built
 * sooner. Building the first one initializes Jetty's classes, which takes a good part of the status
 * server's start on a cold JVM (Jetty's MIME types list every locale the JDK has as their class
 * initializes); {@code windlass run} has that done by {@link #start()} on a short-lived thread
 * while it builds its injector and starts its other manifolds, instead of on the status manifold's
 * start, on which {@code /healthz} waits.
 *
 * <p>The throwaway server is built, never started: it binds nothing and starts no thread. {@link
 * StatusServer#start} waits for it first ({@link #await()}), so that Jetty's classes are never
 * initialized by two threads at once: Jetty's MIME types build an instance of a subclass of theirs
 * as their class initializes, which two threads initializing the two classes at once deadlock on.
 */
public final class StatusServerWarmUp {
  private static final Logger log = LoggerFactory.getLogger(StatusServerWarmUp.class);

  private static final FutureTask<@Nullable Void> BUILD =
      new FutureTask<>(StatusServerWarmUp::buildOne, null);

  private static final AtomicBoolean started = new AtomicBoolean();

  private StatusServerWarmUp() {}

  /**
   * Builds the throwaway server on a daemon thread of its own, {@code windlass-warm-up}, which ends
   * once it is built. Does nothing if it has been called before.
   */
  public static void start() {
    if (started.compareAndSet(false, true)) {
      Thread thread = new Thread(BUILD, "windlass-warm-up");
      thread.setDaemon(true);
      thread.start();
    }
  }

  /**
   * Returns once the throwaway server has been built: at once if it has been, when it has if it is
   * being built, and after building it on this thread if no one has started to. A build that failed
   * is logged at debug level only: the server about to start meets the same problem and reports it.
   */
  static void await() {
    BUILD.run();
    try {
      Uninterruptibles.getUninterruptibly(BUILD);
    } catch (ExecutionException e) {
      log.debug("status server: the server built ahead failed", e.getCause());
    }
  }

  private static void buildOne() {
    new StatusServer(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        Map.of(),
        Optional.empty(),
        0,
        StatusLimits.defaults(),
        StatusServer.Options.defaults(),
        new StatusServer.RequestCounters());
  }
}
