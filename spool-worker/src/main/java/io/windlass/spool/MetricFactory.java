package io.windlass.spool;

import java.io.IOException;
import java.util.function.LongConsumer;

/**
 * Makes recorders and readers over one spool (Juju's {@code MetricFactory}). {@link SpoolDirectory}
 * is the implementation; the spool manifold exposes it, collectors record through it and the sender
 * reads through it.
 */
public interface MetricFactory {
  /**
   * A recorder for one new batch.
   *
   * @param declared the metrics the recorder accepts, with their kinds
   * @param charmUrl the source that declared them ({@code input:cpu}, {@code local:myapp}); not
   *     empty
   * @param unitTag the reporting agent; not empty
   */
  MetricRecorder recorder(DeclaredMetrics declared, String charmUrl, String unitTag)
      throws IOException;

  /**
   * A recorder for one new batch whose data file is written in {@code format}, if the spool can
   * write it; in JSON lines otherwise (the default). What a reader reads back is the same either
   * way.
   */
  default MetricRecorder recorder(
      DeclaredMetrics declared, String charmUrl, String unitTag, BatchFormat format)
      throws IOException {
    return recorder(declared, charmUrl, unitTag);
  }

  /** A reader of the spool's batches. */
  MetricReader reader() throws IOException;

  /**
   * Calls {@code listener} with the metric count of each batch published from now on, once it is
   * durable, on the publishing thread, until the returned action runs: how a reader learns at once
   * that data is waiting instead of looking on a timer. The listener must be quick and must not
   * throw. A spool that cannot tell (the default) never calls it; its readers keep their timers.
   */
  default Runnable onPublished(LongConsumer listener) {
    return () -> {};
  }
}
