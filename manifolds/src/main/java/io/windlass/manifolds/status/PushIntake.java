package io.windlass.manifolds.status;

import io.windlass.spool.ingest.http.BodyTooLargeException;
import io.windlass.spool.ingest.http.HttpIngest;
import io.windlass.spool.ingest.http.PushOutcome;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * What every push path does with a request: reads its body (decoded, limited) into the {@code
 * http-ingest} worker attached now ({@link IngestSlot}), and answers its {@link PushOutcome}. The
 * paths differ only in how they call the ingest and how they word the answer.
 */
final class PushIntake {

  /** What a {@code 503} or {@code 507} asks the client to wait before retrying, in seconds. */
  static final int RETRY_AFTER_SECONDS = 10;

  /** Stores a body through an ingest. */
  @FunctionalInterface
  interface Store {
    /**
     * @param contentType the request's {@code Content-Type}, or null
     */
    PushOutcome into(HttpIngest ingest, @Nullable String contentType, InputStream body);
  }

  private final IngestSlot ingest;

  PushIntake(IngestSlot ingest) {
    this.ingest = ingest;
  }

  /**
   * Stores the request's body by {@code store}: {@code 503} when no ingest is attached (the spool
   * is not open), {@code 413} past the body limit, {@code 400} for a body that cannot be read.
   *
   * @throws StatusRequest.UnsupportedEncodingException for a coding the server does not decode,
   *     which the server answers
   */
  PushOutcome store(StatusRequest request, Store store) throws IOException {
    HttpIngest current = ingest.current();
    if (current == null || !current.enter()) {
      return PushOutcome.refused(PushOutcome.UNAVAILABLE, "not stored: the spool is not open");
    }
    try {
      InputStream body;
      try {
        body = request.body();
      } catch (StatusRequest.UnsupportedEncodingException e) {
        throw e;
      } catch (BodyTooLargeException e) {
        return PushOutcome.refused(PushOutcome.TOO_LARGE, e.getMessage());
      } catch (IOException e) {
        return PushOutcome.refused(
            PushOutcome.BAD_REQUEST, "the request body could not be read: " + e.getMessage());
      }
      return store.into(current, request.header("Content-Type"), body);
    } finally {
      current.exit();
    }
  }

  /** Whether the client should retry {@code outcome} later: {@code 503} or {@code 507}. */
  static boolean retryLater(PushOutcome outcome) {
    return outcome.status() == PushOutcome.UNAVAILABLE
        || outcome.status() == PushOutcome.INSUFFICIENT_STORAGE;
  }

  /**
   * The plain answer to {@code outcome}: {@code stored} with no body once stored, else its status
   * and message, with {@code Retry-After} when the client should retry later.
   */
  static StatusResponse answer(PushOutcome outcome, int stored) {
    if (outcome.isStored()) {
      return StatusResponse.empty(stored);
    }
    return withRetryAfter(outcome, StatusResponse.text(outcome.status(), outcome.message()));
  }

  /**
   * {@code response}, with {@code Retry-After} if the client should retry {@code outcome} later.
   */
  static StatusResponse withRetryAfter(PushOutcome outcome, StatusResponse response) {
    return retryLater(outcome)
        ? response.withHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS))
        : response;
  }
}
