package io.windlass.manifolds.config;

import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.OverflowPolicy;
import java.time.Duration;

/**
 * The {@code spool} section: the bounds of the on-disk spool, what it does when they are reached,
 * and which metrics it accepts.
 *
 * @param maxBytes the most the spool's batches may occupy on disk (default 512MiB)
 * @param maxBatches the most batches it may hold (default 100000; at most {@value
 *     #MAX_BATCHES_LIMIT})
 * @param maxAge the oldest a batch may grow before it is removed unsent (default 7d)
 * @param overflow what recording a batch does when a bound would be exceeded (default {@code
 *     drop-oldest})
 * @param declaredMetrics which metrics are accepted, and their kinds (default: any, as gauges)
 * @param maxBatchBytes the largest data file of one batch: recorders split larger writes, and a
 *     file named like a batch that is larger is quarantined, never read nor counted against the
 *     bounds (default 64MiB, or max-bytes if that is smaller; at most max-bytes)
 * @param binaryBatches whether HTTP pushes (remote write, OTLP, Prometheus text, Influx,
 *     Pushgateway) are spooled in the spool's compact binary form (default true); false keeps every
 *     data file in Juju's JSON lines
 */
public record SpoolSettings(
    ByteSize maxBytes,
    long maxBatches,
    Duration maxAge,
    OverflowPolicy overflow,
    DeclaredMetrics declaredMetrics,
    ByteSize maxBatchBytes,
    boolean binaryBatches) {

  public static final ByteSize DEFAULT_MAX_BYTES = ByteSize.ofMiB(512);
  public static final long DEFAULT_MAX_BATCHES = 100_000;
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
  public static final OverflowPolicy DEFAULT_OVERFLOW = OverflowPolicy.DROP_OLDEST;
  public static final ByteSize DEFAULT_MAX_BATCH_BYTES = ByteSize.ofMiB(64);

  /** The most batches a spool may be configured to hold: what the spool can count. */
  public static final long MAX_BATCHES_LIMIT = Integer.MAX_VALUE;

  /** Checks that every bound is positive. */
  public SpoolSettings {
    if (maxBytes == null || maxBytes.bytes() <= 0) {
      throw new IllegalArgumentException("spool max-bytes " + maxBytes + " must be > 0");
    }
    if (maxBatches <= 0 || maxBatches > MAX_BATCHES_LIMIT) {
      throw new IllegalArgumentException(
          "spool max-batches " + maxBatches + " must be > 0 and at most " + MAX_BATCHES_LIMIT);
    }
    if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("spool max-age " + maxAge + " must be > 0");
    }
    if (overflow == null || declaredMetrics == null) {
      throw new IllegalArgumentException("spool overflow and declared-metrics must not be null");
    }
    if (maxBatchBytes == null || maxBatchBytes.bytes() <= 0) {
      throw new IllegalArgumentException("spool max-batch-bytes " + maxBatchBytes + " must be > 0");
    }
    if (maxBatchBytes.bytes() > maxBytes.bytes()) {
      throw new IllegalArgumentException(
          "spool max-batch-bytes " + maxBatchBytes + " must be at most max-bytes " + maxBytes);
    }
  }

  /** The settings with binary batches, the default. */
  public SpoolSettings(
      ByteSize maxBytes,
      long maxBatches,
      Duration maxAge,
      OverflowPolicy overflow,
      DeclaredMetrics declaredMetrics,
      ByteSize maxBatchBytes) {
    this(maxBytes, maxBatches, maxAge, overflow, declaredMetrics, maxBatchBytes, true);
  }

  /** The settings with the default max-batch-bytes: 64MiB, or max-bytes if that is smaller. */
  public SpoolSettings(
      ByteSize maxBytes,
      long maxBatches,
      Duration maxAge,
      OverflowPolicy overflow,
      DeclaredMetrics declaredMetrics) {
    this(maxBytes, maxBatches, maxAge, overflow, declaredMetrics, defaultMaxBatchBytes(maxBytes));
  }

  /** 64MiB, or {@code maxBytes} if that is smaller. */
  public static ByteSize defaultMaxBatchBytes(ByteSize maxBytes) {
    return maxBytes != null
            && maxBytes.bytes() > 0
            && maxBytes.bytes() < DEFAULT_MAX_BATCH_BYTES.bytes()
        ? maxBytes
        : DEFAULT_MAX_BATCH_BYTES;
  }

  /** Every default. */
  public static SpoolSettings defaults() {
    return new SpoolSettings(
        DEFAULT_MAX_BYTES,
        DEFAULT_MAX_BATCHES,
        DEFAULT_MAX_AGE,
        DEFAULT_OVERFLOW,
        DeclaredMetrics.any());
  }
}
