package io.windlass.spool;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Reads and removes the spool's batches (Juju's {@code MetricReader}). Only whole batches are ever
 * returned: a batch is visible once its {@code .meta} file exists and parses and its data file
 * decodes. Files that cannot be read as a batch are moved to {@code quarantine/} (one log line
 * each) and never block the others; batches with no metrics are removed. Thread-safe.
 *
 * <p>Reading does not claim: two readers may both return a batch until one removes it. Forward a
 * batch, then {@link #remove} it — at-least-once delivery, with the batch uuid to deduplicate on.
 */
public interface MetricReader extends Closeable {
  /**
   * Every batch in the spool, oldest first. Loads them all into memory; for a large backlog use
   * {@link #oldestFirst}.
   */
  List<MetricBatch> read() throws IOException;

  /**
   * A lazy walk over the batches, oldest first, that stops after {@code maxBatches} batches or
   * before the batch that would take the data read past {@code maxBytes} (on-disk size); the first
   * batch is always returned, however large, so no batch is stuck. Batches published after the
   * cursor was opened may or may not be returned.
   *
   * @throws IllegalArgumentException a bound is not positive
   */
  BatchCursor oldestFirst(int maxBatches, long maxBytes) throws IOException;

  /**
   * Removes a batch: its metadata file first, so no reader sees it from then on, then its data.
   * Idempotent: removing a batch that is gone (or was never there) does nothing.
   *
   * @throws IllegalArgumentException {@code uuid} cannot name a batch (it is not 1 to 64 letters,
   *     digits and {@code -})
   */
  void remove(String uuid) throws IOException;

  /**
   * Moves a batch a backend refused for good out of the spool into its {@code rejected/} directory,
   * with {@code reason}, so it is never read again and can be looked at later. Atomic with respect
   * to crashes: afterwards, and after a crash at any point, the batch is either still in the spool
   * or in {@code rejected/}, never in both or neither. {@code rejected/} is bounded ({@link
   * SpoolOptions#maxRejectedBatches()}, {@link SpoolOptions#maxRejectedBytes()}): the oldest
   * rejections are deleted to keep within it.
   *
   * @return true if this call moved the batch; false if it was not in the spool (removed or
   *     rejected meanwhile)
   * @throws IllegalArgumentException {@code uuid} cannot name a batch
   */
  boolean reject(String uuid, String reason) throws IOException;

  /**
   * Puts {@code metrics}, some of {@code batch}'s, into {@code rejected/} as a batch of their own
   * (the same source and unit tag), with {@code reason}: the part of a batch a backend refused for
   * good when it took the rest. {@code batch} itself stays in the spool, for the caller to remove.
   * A crash before that leaves both, so that the batch is sent again and its part may be rejected
   * twice, never lost.
   *
   * @return the uuid of the new batch in {@code rejected/}
   * @throws UnsupportedOperationException this reader cannot write (the default)
   */
  default String rejectPart(MetricBatch batch, List<Metric> metrics, String reason)
      throws IOException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot write");
  }

  /** The batches in {@code rejected/}, oldest rejection first; never returned by the reads. */
  List<RejectedBatch> rejected() throws IOException;

  /** Releases the reader; its methods throw {@link IllegalStateException} from then on. */
  @Override
  void close();
}
