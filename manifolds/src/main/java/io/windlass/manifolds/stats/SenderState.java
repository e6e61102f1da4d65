package io.windlass.manifolds.stats;

import io.windlass.spool.sender.SenderStats;

/**
 * The running sender, as the {@code sender} worker publishes it.
 *
 * @param sink the sink's URL, without credentials
 * @param type the sink's protocol ({@code prometheus-remote-write}, {@code json})
 * @param stats its counters
 */
public record SenderState(String sink, String type, SenderStats stats) {

  /** Whether the sink is failing: the last round ended on a retryable failure. */
  public boolean failing() {
    return stats.retryAt().isPresent();
  }
}
