package io.windlass.spool;

import java.io.Closeable;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * An oldest-first, bounded, lazy walk over a spool's batches, from {@link
 * MetricReader#oldestFirst}. Each batch is read from disk only when {@link #next()} reaches it, so
 * a walk over a backlog of millions holds one batch at a time. Not thread-safe.
 *
 * <pre>{@code
 * try (BatchCursor cursor = reader.oldestFirst(100, 4 << 20)) {
 *   for (MetricBatch batch = cursor.next(); batch != null; batch = cursor.next()) {
 *     sink.send(batch);
 *     reader.remove(batch.uuid());
 *   }
 * }
 * }</pre>
 */
public interface BatchCursor extends Closeable {
  /**
   * The next whole batch, or null once the spool has no more or a bound is reached. Batches found
   * removed in the meantime are skipped; entries that are not trusted batches (see {@link
   * SpoolDirectory}) are quarantined, or left in place if they cannot be moved, and skipped: a
   * problem with one entry never throws here.
   */
  @Nullable MetricBatch next() throws IOException;

  /** How many batches {@link #next()} has returned. */
  int batches();

  /** The on-disk size of the batches {@link #next()} has returned. */
  long bytes();

  /** Ends the walk; {@link #next()} returns null from then on. */
  @Override
  void close();
}
