/**
 * The collector: input plugins in the HoloInsight agent's model, and the pipelines that run them.
 *
 * <p>An {@link io.windlass.collector.Input} collects once into an {@link
 * io.windlass.collector.Accumulator}; it is plain, knows nothing of schedules, spools or the
 * engine, and is runnable on its own. A pipeline runs one input instance every interval, aligned to
 * the wall clock, and adds what the agent adds: the window's aligned timestamp, a timeout,
 * configured tags, the name prefix, error and health metrics, and exactly one spool batch per run.
 *
 * <p>A {@link io.windlass.collector.Pipeline} is a Guava service running one input per {@link
 * io.windlass.collector.CollectTask}; its class comment is the contract (schedule, overrun,
 * timeout, threads, batch and health metrics). {@link io.windlass.collector.PipelineUpdateAware}
 * takes a new configuration without losing the schedule's phase or the input's state. The test jar
 * carries {@code InputContractTest}, a kit that checks any input against the contract of {@link
 * io.windlass.collector.Input}.
 *
 * <p>This package does not import the engine; the agent's manifold modules adapt pipelines to it.
 */
@NullMarked
package io.windlass.collector;

import org.jspecify.annotations.NullMarked;
