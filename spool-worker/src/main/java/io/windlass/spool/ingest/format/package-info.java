/**
 * The wire formats metrics enter the agent in: bytes or text in, samples out. Nothing here stores
 * or sends anything.
 *
 * <p><b>Entries.</b> {@link io.windlass.spool.ingest.format.WireFormat} has one constant per
 * format, {@code PROMETHEUS_TEXT} (Prometheus text exposition 0.0.4 and OpenMetrics sample lines)
 * and {@code INFLUX_LINE} (Influx line protocol). {@code parse(text)} reads a whole text (a scrape,
 * a command's output) into {@link io.windlass.spool.ingest.format.Sample}s; it is what the
 * collector's {@code prometheus} and {@code exec} inputs use. For pushed bodies, {@link
 * io.windlass.spool.ingest.format.PushParsers} lends the fast reader of a format ({@link
 * io.windlass.spool.ingest.format.PushParser}), which hands each sample to a {@link
 * io.windlass.spool.ingest.format.SampleSink} as the spool takes it: name, value text, time and
 * labels. A bad line fails with a {@link io.windlass.spool.ingest.format.MetricParseException}
 * naming it.
 *
 * <p><b>One door, a reference behind it.</b> The fast readers ({@code PrometheusPushParser}, {@code
 * InfluxPushParser}) read the common shape of a line straight from bytes, with a series cache keyed
 * by the line's bytes; any other line goes to the reference parser of the same format ({@code
 * PrometheusTextParser}, {@code InfluxLineParser}), so both accept the same grammar and the
 * differential tests ({@code PushParsersFuzzTest}) hold them to it. These are package-private.
 *
 * <p><b>Caches, each bounded, in one place.</b> {@link io.windlass.spool.ingest.format.PushParsers}
 * owns every cache the fast path uses: the pooled readers and line buffers, each reader's series
 * cache ({@code ByteKeyCache}, bounded in entries and bytes), and the label sets and names shared
 * by all readers ({@code SharedLabelSets}, bounded in sets and bytes). Values are written and
 * checked by {@link io.windlass.spool.MetricValues}, the spool's one formatter.
 */
@NullMarked
package io.windlass.spool.ingest.format;

import org.jspecify.annotations.NullMarked;
