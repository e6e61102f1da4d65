/**
 * Pure parsers for the text formats other tools speak: the Prometheus text exposition format
 * ({@link io.windlass.collector.parse.PrometheusTextParser}) and the Influx line protocol ({@link
 * io.windlass.collector.parse.InfluxLineParser}), both into collector {@link
 * io.windlass.collector.Metric}s.
 *
 * <p>They do no I/O and keep no state; a malformed line fails the whole text with a {@link
 * io.windlass.collector.parse.MetricParseException} naming the line. Samples a backend cannot store
 * (NaN, infinities, strings) are dropped and counted in the {@link
 * io.windlass.collector.parse.ParseResult}, not failed.
 */
@NullMarked
package io.windlass.collector.parse;

import org.jspecify.annotations.NullMarked;
