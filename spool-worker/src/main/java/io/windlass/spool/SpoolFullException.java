package io.windlass.spool;

import java.io.IOException;

/**
 * The spool is full and its {@link OverflowPolicy} is {@link OverflowPolicy#REJECT_NEW}: the metric
 * or batch was not stored. The message names the spool, the bound and how full it is.
 */
public final class SpoolFullException extends IOException {
  private static final long serialVersionUID = 1L;

  private final DropReason bound;

  /**
   * A refusal because of {@code bound}, {@link DropReason#MAX_BYTES} or {@link
   * DropReason#MAX_BATCHES}.
   */
  public SpoolFullException(DropReason bound, String message) {
    super(message);
    this.bound = bound;
  }

  /** The bound that is reached. */
  public DropReason bound() {
    return bound;
  }
}
