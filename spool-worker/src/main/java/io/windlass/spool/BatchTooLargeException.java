package io.windlass.spool;

import java.io.IOException;

/**
 * A metric would make its batch larger than {@link SpoolOptions#maxBatchBytes()}; it was not added.
 * Close the recorder and record the rest in another batch.
 */
public final class BatchTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  /** A refusal described by {@code message}. */
  public BatchTooLargeException(String message) {
    super(message);
  }
}
