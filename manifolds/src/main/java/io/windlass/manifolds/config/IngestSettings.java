package io.windlass.manifolds.config;

import io.windlass.spool.ingest.SampleTimeBounds;
import java.time.Duration;

/**
 * The {@code ingest} section: what the agent's doors (HTTP pushes, {@code ingest.sock}) refuse
 * before anything of a request is stored.
 *
 * <pre>{@code
 * ingest:
 *   timestamps:
 *     max-ahead: 10m    # a sample at most this far ahead of the agent's clock
 *     max-behind: 7d    # and at most this far behind it; default: spool.max-age
 * }</pre>
 *
 * @param maxAhead {@code ingest.timestamps.max-ahead} (default {@link
 *     SampleTimeBounds#DEFAULT_MAX_AHEAD}, 10 minutes); not negative
 * @param maxBehind {@code ingest.timestamps.max-behind} (default {@code spool.max-age}, itself 7
 *     days by default); positive
 */
public record IngestSettings(Duration maxAhead, Duration maxBehind) {

  /** Checks both bounds. */
  public IngestSettings {
    if (maxAhead == null || maxAhead.isNegative()) {
      throw new IllegalArgumentException(
          "ingest timestamps max-ahead " + maxAhead + " must be >= 0");
    }
    if (maxBehind == null || maxBehind.isNegative() || maxBehind.isZero()) {
      throw new IllegalArgumentException(
          "ingest timestamps max-behind " + maxBehind + " must be > 0");
    }
  }

  /** The defaults for a spool whose {@code max-age} is {@code spoolMaxAge}. */
  public static IngestSettings defaults(Duration spoolMaxAge) {
    return new IngestSettings(SampleTimeBounds.DEFAULT_MAX_AHEAD, spoolMaxAge);
  }

  /** The defaults for the default spool. */
  public static IngestSettings defaults() {
    return defaults(SpoolSettings.DEFAULT_MAX_AGE);
  }

  /** The bounds the doors check sample timestamps against. */
  public SampleTimeBounds timeBounds() {
    return new SampleTimeBounds(maxAhead, maxBehind);
  }
}
