package io.windlass.collector;

/**
 * What a pipeline run knows about its window.
 *
 * @param alignedTimestamp the window's start in epoch milliseconds, aligned to the wall clock (a
 *     multiple of the interval, plus the configured offset); every metric of the run carries it
 */
public record CollectContext(long alignedTimestamp) {}
