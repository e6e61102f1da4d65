package io.windlass.collector;

import java.time.Instant;
import java.util.Optional;

/**
 * Counters of one pipeline since it was created (updates keep them), with how its latest run went.
 *
 * <p>{@code health} and {@code lastError} are what vmagent's and Prometheus' {@code /targets} show
 * for a scrape target, and behave the same way: each run sets them, so a run whose collect returns
 * normally in time marks the pipeline {@link Health#UP up} and <em>clears</em> the error; the
 * counters ({@code errors}, {@code timeouts}) keep the history.
 *
 * @param runs runs started: ticks that were not skipped
 * @param skippedTicks ticks skipped because the previous run was still in progress (an overrun), or
 *     missed because the pipeline's thread came late
 * @param errors runs whose input did not return normally in time: threw, timed out, or could not
 *     start because an abandoned collect had not returned yet
 * @param timeouts runs whose collect was abandoned at its timeout
 * @param droppedValues metrics dropped for a NaN or infinite value
 * @param rejectedMetrics metrics the spool refused ({@link io.windlass.spool.MetricsDataException})
 * @param batches batches written
 * @param batchFailures batches the spool failed to write (full, too large, I/O error)
 * @param health how the latest run went: {@link Health#UNKNOWN} before the first ends
 * @param lastError why the latest run failed; empty when it did not (or none has ended)
 */
public record PipelineStats(
    long runs,
    long skippedTicks,
    long errors,
    long timeouts,
    long droppedValues,
    long rejectedMetrics,
    long batches,
    long batchFailures,
    Health health,
    Optional<LastError> lastError) {

  /** Checks that nothing is missing. */
  public PipelineStats {
    if (health == null || lastError == null) {
      throw new IllegalArgumentException("pipeline stats health and lastError must not be null");
    }
  }

  /** Counters only, before any run has ended: health unknown, no error. */
  public PipelineStats(
      long runs,
      long skippedTicks,
      long errors,
      long timeouts,
      long droppedValues,
      long rejectedMetrics,
      long batches,
      long batchFailures) {
    this(
        runs,
        skippedTicks,
        errors,
        timeouts,
        droppedValues,
        rejectedMetrics,
        batches,
        batchFailures,
        Health.UNKNOWN,
        Optional.empty());
  }

  /** How a pipeline's latest run went, as its {@link Pipeline#UP} health metric says. */
  public enum Health {
    /** No run has ended yet. */
    UNKNOWN,
    /** The latest run's collect returned normally in time. */
    UP,
    /** The latest run's collect threw, timed out, or could not start. */
    DOWN
  }

  /**
   * Why a run failed.
   *
   * @param text the failure, on one line of at most {@link io.windlass.spool.ErrorLine#MAX_LENGTH}
   *     characters ({@link io.windlass.spool.ErrorLine})
   * @param time when the run ended, on the pipeline's clock
   */
  public record LastError(String text, Instant time) {}
}
