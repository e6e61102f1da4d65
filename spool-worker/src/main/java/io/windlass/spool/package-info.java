/**
 * The Windlass metrics spool: a durable on-disk store of metric batches in Juju's spool format,
 * with the workers that fill and drain it.
 *
 * <p>The store's API is Juju's, in Java: {@link io.windlass.spool.Metric}, {@link
 * io.windlass.spool.MetricBatch} and {@link io.windlass.spool.MetricMetadata} are the values; a
 * {@link io.windlass.spool.MetricFactory} makes a {@link io.windlass.spool.MetricRecorder} per
 * batch and a {@link io.windlass.spool.MetricReader}; {@link io.windlass.spool.SpoolDirectory} is
 * the factory over one directory, and its class documentation is the store's contract (layout,
 * durability, housekeeping, bounds, sharing). Bad metrics fail with {@link
 * io.windlass.spool.MetricsDataException}; {@link io.windlass.spool.ApiMetricBatch} is a batch in
 * the shape a Juju controller receives.
 *
 * <p>What it will not do: it does not send anything (the sender does), does not claim batches for
 * one reader, does not deduplicate (a batch may be delivered more than once; its uuid is the key),
 * and does not interpret metrics beyond checking them. It imports nothing of the engine.
 */
@NullMarked
package io.windlass.spool;

import org.jspecify.annotations.NullMarked;
