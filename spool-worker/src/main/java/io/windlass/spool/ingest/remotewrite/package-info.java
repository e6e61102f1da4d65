/**
 * Prometheus remote write, received: the body of a {@code POST /api/v1/write} read into samples of
 * the request's spool batches ({@link io.windlass.spool.ingest.remotewrite.RemoteWriteRequest}, a
 * {@link io.windlass.spool.ingest.http.DecodedPush}).
 *
 * <ul>
 *   <li>{@link io.windlass.spool.ingest.remotewrite.RemoteWriteVersion}: which message a request
 *       holds, by its {@code Content-Type}: 1.0's {@code prometheus.WriteRequest} or 2.0's {@code
 *       io.prometheus.write.v2.Request};
 *   <li>the body is snappy block-compressed, so it is read whole and decoded at once, both sizes
 *       bounded (the compressed one by the server's body limit, the decoded one by the limit given,
 *       checked against the length snappy's preamble states before anything is allocated);
 *   <li>the message is read field by field with protobuf's {@code CodedInputStream}, one series at
 *       a time, without generated classes or a message tree: {@code WriteRequestDecoder} (1.0) and
 *       {@code RequestV2Decoder} (2.0), through {@code SeriesWriter}, which names the series,
 *       checks the timestamps and adds the samples.
 * </ul>
 *
 * <p>What is kept: float samples, each series' labels ({@code __name__} is the metric key, labels
 * with empty values are left out, as Prometheus treats them as absent), and metadata (type, help,
 * unit) as the batch's metric families. What is not: exemplars and Prometheus' staleness markers
 * are left out and counted; native histograms refuse the request ({@code 400} naming the series),
 * since the spool stores float samples only.
 *
 * <p>This package does not know the HTTP server: the server checks the {@code Content-Encoding} and
 * answers the headers.
 */
@NullMarked
package io.windlass.spool.ingest.remotewrite;

import org.jspecify.annotations.NullMarked;
