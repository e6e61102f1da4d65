package io.windlass.spool.sender;

import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of a sender's counters, since the sender started, and of its requests in flight.
 *
 * @param sentBatches batches the backend has: accepted, or already present
 * @param sentMetrics metrics in those batches
 * @param alreadyPresentBatches of {@code sentBatches}, those the backend said it already had
 * @param rejectedBatches batches moved to {@code rejected/}: refused for good, or unencodable
 * @param rejectedMetrics metrics in those batches
 * @param requests requests sent, answered or not
 * @param failedRequests requests that failed: no answer, or a status other than 2xx (409 and
 *     already-present 400s aside)
 * @param requestsInFlight requests sent and not yet answered (nor given up on) now: a gauge, at
 *     most the sender's concurrency
 * @param lastError the latest failure or rejection, if any since the sender started
 * @param retryAt when the sender tries again after retryable failures; empty when it is not backing
 *     off
 * @param lastSent when a round last delivered everything it read
 */
public record SenderStats(
    long sentBatches,
    long sentMetrics,
    long alreadyPresentBatches,
    long rejectedBatches,
    long rejectedMetrics,
    long requests,
    long failedRequests,
    long requestsInFlight,
    Optional<String> lastError,
    Optional<Instant> retryAt,
    Optional<Instant> lastSent) {

  /** Checks that nothing is missing. */
  public SenderStats {
    if (lastError == null || retryAt == null || lastSent == null) {
      throw new IllegalArgumentException("sender stats optionals must not be null");
    }
  }
}
