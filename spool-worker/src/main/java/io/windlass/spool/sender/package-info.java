/**
 * The sender: forwards the spool's batches to a metrics backend, the forward half of store and
 * forward (Juju's metrics sender, with Prometheus remote write as the main protocol).
 *
 * <p>{@link io.windlass.spool.sender.SenderWorker} reads batches oldest first through a {@link
 * io.windlass.spool.MetricFactory} and sends them through a {@link
 * io.windlass.spool.sender.MetricSink}: {@link io.windlass.spool.sender.RemoteWriteSink}
 * (Prometheus remote write 1.0, protobuf encoded by hand and snappy-compressed; Prometheus,
 * VictoriaMetrics, Mimir, Thanos and Cortex receive it) or {@link
 * io.windlass.spool.sender.JsonBatchSink} (a Juju-style JSON batch API), several requests at once
 * through shards that keep each series' samples in order. Each answer becomes a {@link
 * io.windlass.spool.sender.SendOutcome}: a batch is removed only when the backend has it, kept
 * (with {@link io.windlass.spool.sender.BackoffPolicy backoff} and {@code Retry-After}) when the
 * failure may pass, and moved to the spool's {@code rejected/} directory when the backend refuses
 * it for good. {@link io.windlass.spool.sender.SenderStats} are its counters.
 *
 * <p>What this package will not do: it does not collect, does not write to the spool (it only
 * removes and rejects), does not deduplicate (delivery is at least once; the batch uuid and the
 * samples' timestamps are what a backend deduplicates on), and does not know the engine: the
 * agent's {@code sender} manifold adapts it.
 */
@NullMarked
package io.windlass.spool.sender;

import org.jspecify.annotations.NullMarked;
