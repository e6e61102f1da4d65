/**
 * Where pushed and scraped metrics enter the data path, one package per crossing:
 *
 * <ul>
 *   <li>{@link io.windlass.spool.ingest.format}: the wire formats (Prometheus text and OpenMetrics
 *       sample lines, Influx line protocol), one entry each ({@link
 *       io.windlass.spool.ingest.format.WireFormat}), read into samples; used by the HTTP push
 *       handlers and by the collector's {@code prometheus} and {@code exec} inputs;
 *   <li>{@link io.windlass.spool.ingest.http}: the HTTP push handlers, which store a request's body
 *       in the spool and answer only once it is durable; the agent's status server routes to them;
 *   <li>{@link io.windlass.spool.ingest.remotewrite}: Prometheus remote write 1.0 and 2.0 received,
 *       decoded whole and stored through the HTTP push handlers;
 *   <li>{@link io.windlass.spool.ingest.socket}: {@code ingest.sock}, the local line protocol.
 * </ul>
 *
 * <p>Here is what both push paths share: {@link io.windlass.spool.ingest.SampleTimeBounds}, how far
 * a pushed sample's timestamp may be from the agent's clock. Everything that enters is stored by a
 * {@link io.windlass.spool.MetricRecorder} of the spool, and leaves through the sender.
 */
@NullMarked
package io.windlass.spool.ingest;

import org.jspecify.annotations.NullMarked;
