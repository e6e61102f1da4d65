/**
 * OTLP metrics in: {@code POST /v1/metrics} bodies ({@code ExportMetricsServiceRequest}, as
 * protobuf or JSON) read ({@link io.windlass.spool.ingest.otlp.OtlpEncoding}), translated to
 * Prometheus-compatible series as OpenTelemetry's "Prometheus and OpenMetrics compatibility"
 * specification says ({@link io.windlass.spool.ingest.otlp.OtlpTranslator}, {@link
 * io.windlass.spool.ingest.otlp.OtlpNames}) and stored through the push handler ({@link
 * io.windlass.spool.ingest.otlp.OtlpReceiver}), which answers as OTLP/HTTP says.
 *
 * <p>It keeps no state between requests, so what needs it is refused, point by point, in the
 * answer's {@code partial_success}: delta sums and histograms (their cumulative totals would have
 * to be kept) and exponential histograms (no native histograms in the spool). It knows no HTTP
 * server: the status server hands it the decoded body.
 */
@NullMarked
package io.windlass.spool.ingest.otlp;

import org.jspecify.annotations.NullMarked;
