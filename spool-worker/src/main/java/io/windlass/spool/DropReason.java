package io.windlass.spool;

/** Why the spool dropped a batch without it being read, or refused one. */
public enum DropReason {
  /** The spool held more than {@link SpoolOptions#maxBytes()}. */
  MAX_BYTES("max-bytes"),
  /** The spool held more than {@link SpoolOptions#maxBatches()}. */
  MAX_BATCHES("max-batches"),
  /** The batch was older than {@link SpoolOptions#maxAge()}. */
  MAX_AGE("max-age"),
  /** The batch's files could not be read as a batch and were moved to {@code quarantine/}. */
  QUARANTINED("quarantined");

  private final String label;

  DropReason(String label) {
    this.label = label;
  }

  /** The reason's name in stats and logs: {@code max-bytes}, {@code max-age}, … */
  public String label() {
    return label;
  }

  @Override
  public String toString() {
    return label;
  }
}
