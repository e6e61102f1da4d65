/**
 * The {@code spool} manifold: {@link io.windlass.manifolds.spool.SpoolManifoldModule} declares it;
 * its worker opens the agent's {@link io.windlass.spool.SpoolDirectory} under the data directory
 * with the bounds of the config's {@code spool} section and exposes it as {@link
 * io.windlass.spool.MetricFactory}, so a collector or sender worker simply injects {@code
 * MetricFactory} and the engine infers its input {@code spool}.
 *
 * <p>The exposed factory is a tee ({@link io.windlass.manifolds.spool.LatestSamples}): the latest
 * sample of every series its recorders made durable is kept, bounded, for the status server's
 * {@code /metrics}, with a count of metrics recorded per source.
 *
 * <p>The spool follows the config: when the {@code agent} manifold restarts on a new config, the
 * spool is reopened with it and its dependents are bounced onto the new factory.
 *
 * <p>This package does not record or send metrics, and does not interpret the spool's contents; the
 * collector, ingest and sender workers do.
 */
@NullMarked
package io.windlass.manifolds.spool;

import org.jspecify.annotations.NullMarked;
