package io.windlass.manifolds.stats;

import io.windlass.spool.SpoolStats;
import java.nio.file.Path;

/**
 * The open spool, as the {@code spool} worker publishes it.
 *
 * @param directory the spool directory
 * @param stats its size and counters
 * @param maxBytes the spool's byte bound ({@code spool.max-bytes})
 */
public record SpoolState(Path directory, SpoolStats stats, long maxBytes) {

  /** How full the spool is: its bytes over its byte bound, from 0. */
  public double fill() {
    return maxBytes <= 0 ? 0 : (double) stats.bytes() / maxBytes;
  }
}
