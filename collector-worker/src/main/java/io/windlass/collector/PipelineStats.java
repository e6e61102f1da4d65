package io.windlass.collector;

/**
 * Counters of one pipeline since it was created (updates keep them).
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
 */
public record PipelineStats(
    long runs,
    long skippedTicks,
    long errors,
    long timeouts,
    long droppedValues,
    long rejectedMetrics,
    long batches,
    long batchFailures) {}
