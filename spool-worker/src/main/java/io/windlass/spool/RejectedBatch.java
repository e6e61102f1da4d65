package io.windlass.spool;

import java.time.Instant;
import java.util.Optional;

/**
 * A batch a backend refused for good, held in the spool's {@code rejected/} directory (see {@link
 * MetricReader#reject}).
 *
 * @param uuid the batch's id
 * @param metadata the batch's metadata; empty if its metadata file no longer parses
 * @param rejectedAt when it was rejected; empty if the agent stopped before recording the reason
 * @param reason why, as the backend or the sender put it; {@value #REASON_UNKNOWN} if the agent
 *     stopped before recording it
 * @param bytes the size of its data and metadata files
 */
public record RejectedBatch(
    String uuid,
    Optional<MetricMetadata> metadata,
    Optional<Instant> rejectedAt,
    String reason,
    long bytes) {

  /** The reason of a rejection whose reason file was never written. */
  public static final String REASON_UNKNOWN = "unknown: the agent stopped while rejecting it";

  /** Checks that nothing is missing. */
  public RejectedBatch {
    if (uuid == null || metadata == null || rejectedAt == null || reason == null) {
      throw new IllegalArgumentException("rejected batch fields must not be null");
    }
  }
}
