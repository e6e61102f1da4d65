package io.windlass.manifolds.stats;

import io.windlass.collector.PipelineStats;

/**
 * One collector input's pipeline, as the {@code collector} worker publishes it.
 *
 * @param type the input's type ({@code cpu}, {@code prometheus}, ...)
 * @param stats the pipeline's counters
 */
public record InputState(String type, PipelineStats stats) {}
