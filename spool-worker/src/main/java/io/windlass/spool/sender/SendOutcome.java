package io.windlass.spool.sender;

import java.time.Duration;
import java.util.Optional;

/**
 * What became of a batch, or of the part of it a request carried, once a backend answered (or did
 * not). The sender acts on it:
 *
 * <ul>
 *   <li>{@link Accepted} and {@link AlreadyPresent}: the backend has the batch; it is removed from
 *       the spool;
 *   <li>{@link Retryable}: it stays in the spool, and the sender backs off before trying again;
 *   <li>{@link Rejected}: the backend will never take it; it is moved to the spool's {@code
 *       rejected/} directory so that it blocks no other batch.
 * </ul>
 */
public sealed interface SendOutcome {

  /** The backend stored it. */
  record Accepted() implements SendOutcome {}

  /**
   * The backend already has it, or data for the same series and times, and says so: counted as
   * delivered.
   *
   * @param detail what the backend said
   */
  record AlreadyPresent(String detail) implements SendOutcome {
    /** Checks that nothing is missing. */
    public AlreadyPresent {
      if (detail == null) {
        throw new IllegalArgumentException("detail must not be null");
      }
    }
  }

  /**
   * Not stored this time, but it may be later: no answer, a timeout, 5xx, 429, or a refusal of the
   * sender itself (bad credentials, wrong URL).
   *
   * @param reason what went wrong
   * @param retryAfter how long the backend asked the sender to wait ({@code Retry-After}), if it
   *     did
   */
  record Retryable(String reason, Optional<Duration> retryAfter) implements SendOutcome {
    /** Checks that nothing is missing. */
    public Retryable {
      if (reason == null || retryAfter == null) {
        throw new IllegalArgumentException("reason and retryAfter must not be null");
      }
    }

    /** A retryable failure without a {@code Retry-After}. */
    public Retryable(String reason) {
      this(reason, Optional.empty());
    }
  }

  /**
   * The backend refused the content for good (400, 413, 422), or the sender cannot encode it.
   *
   * @param reason why, as the backend put it
   */
  record Rejected(String reason) implements SendOutcome {
    /** Checks that nothing is missing. */
    public Rejected {
      if (reason == null) {
        throw new IllegalArgumentException("reason must not be null");
      }
    }
  }

  /** The accepted outcome. */
  SendOutcome ACCEPTED = new Accepted();
}
