package io.windlass.manifolds.stats;

import io.windlass.collector.PipelineStats;
import java.time.Duration;

/**
 * One collector input's pipeline, as the {@code collector} worker publishes it.
 *
 * @param type the input's type ({@code cpu}, {@code prometheus}, ...)
 * @param interval how often it collects
 * @param state the pipeline service's state, lower case ({@code running}, {@code stopping}, ...)
 * @param stats the pipeline's counters, health and last error
 */
public record InputState(String type, Duration interval, String state, PipelineStats stats) {}
