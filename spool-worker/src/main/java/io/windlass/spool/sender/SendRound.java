package io.windlass.spool.sender;

import java.util.Optional;

/**
 * What one round of sending did: it reads the spool oldest first and sends until the spool is
 * empty, a retryable failure stops it, or the sender stops.
 *
 * @param sentBatches batches the backend now has
 * @param rejectedBatches batches moved to {@code rejected/}
 * @param failure the retryable failure that ended the round early, if any; the batches not yet sent
 *     stay in the spool
 */
public record SendRound(int sentBatches, int rejectedBatches, Optional<String> failure) {

  /** Checks that nothing is missing. */
  public SendRound {
    if (failure == null) {
      throw new IllegalArgumentException("failure must not be null");
    }
  }
}
