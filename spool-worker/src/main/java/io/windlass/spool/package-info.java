/**
 * The Windlass metrics spool: a durable on-disk store of metric batches in Juju's spool format, its
 * values and rules, and the periodic worker that drives collection and sending.
 *
 * <h2>Store</h2>
 *
 * <p>The store's API is Juju's, in Java: {@link io.windlass.spool.Metric}, {@link
 * io.windlass.spool.MetricBatch} and {@link io.windlass.spool.MetricMetadata} are the values; a
 * {@link io.windlass.spool.MetricFactory} makes a {@link io.windlass.spool.MetricRecorder} per
 * batch and a {@link io.windlass.spool.MetricReader}; {@link io.windlass.spool.SpoolDirectory} is
 * the factory over one directory, and its class documentation is the store's contract (layout,
 * durability, housekeeping, bounds, sharing). Bad metrics fail with {@link
 * io.windlass.spool.MetricsDataException}; {@link io.windlass.spool.ApiMetricBatch} is a batch in
 * the shape a Juju controller receives. {@link io.windlass.spool.ReadOnlySpool} lists and reads a
 * spool without touching it, for tools that inspect a running agent's spool.
 *
 * <p>What the store will not do: it does not send anything (the sender does), does not claim
 * batches for one reader, does not deduplicate (a batch may be delivered more than once; its uuid
 * is the key), and does not interpret metrics beyond checking them.
 *
 * <h2>Where data enters, is stored and leaves</h2>
 *
 * <p>This package holds the store's vocabulary only; the data path around it has one package per
 * crossing:
 *
 * <ul>
 *   <li><b>in</b>: {@link io.windlass.spool.ingest} — {@code ingest.format} reads the wire formats
 *       (Prometheus text, Influx line protocol) into samples, {@code ingest.http} stores pushed
 *       HTTP bodies, {@code ingest.socket} serves {@code ingest.sock}; the collector's pipelines
 *       record into the store directly through a {@link io.windlass.spool.MetricRecorder};
 *   <li><b>stored</b>: here ({@link io.windlass.spool.SpoolDirectory}, its machinery in {@code
 *       internal}); a value is text as {@link io.windlass.spool.MetricValues} writes and reads it;
 *   <li><b>out</b>: {@link io.windlass.spool.sender} reads batches oldest-first and forwards them.
 * </ul>
 *
 * <p>The unix sockets local tools reach a running agent through (listener, peer checks, triggers)
 * are in {@link io.windlass.spool.socket}.
 *
 * <h2>Periodic work</h2>
 *
 * <p>A {@link io.windlass.spool.PeriodicWorker} runs a call at once and then every period with ±20
 * % jitter, runs it at once on request, and fails (so its supervisor restarts it) when the call
 * fails.
 *
 * <p>This package does not import the engine: its workers are plain Guava services that the agent's
 * manifold modules adapt.
 */
@NullMarked
package io.windlass.spool;

import org.jspecify.annotations.NullMarked;
