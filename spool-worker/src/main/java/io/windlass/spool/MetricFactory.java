package io.windlass.spool;

import java.io.IOException;

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

  /** A reader of the spool's batches. */
  MetricReader reader() throws IOException;
}
