/**
 * The HTTP push handlers: pushed bodies in, spool batches out, answered only once durable.
 *
 * <p><b>Seam.</b> The handlers know no server. A server routes a request here by its path ({@link
 * io.windlass.spool.ingest.http.PushFormat}: {@code POST /api/v1/import/prometheus}, {@code POST
 * /write}, the Pushgateway's {@code /metrics/job/...} with its {@link
 * io.windlass.spool.ingest.http.GroupingKey}), hands {@link
 * io.windlass.spool.ingest.http.HttpIngest#push} the decoded body as an {@code InputStream}
 * (limited by a {@link io.windlass.spool.ingest.http.LimitedInputStream}, which throws {@link
 * io.windlass.spool.ingest.http.BodyTooLargeException} past the limit) and the Influx precision,
 * and answers the {@link io.windlass.spool.ingest.http.PushOutcome}'s status and message. The
 * agent's status server ({@code io.windlass.manifolds.status}) is that server, on Jetty.
 *
 * <p><b>Path of a body.</b> {@link io.windlass.spool.ingest.http.BodyLines} cuts the body into
 * lines as it arrives; the format's fast reader ({@link io.windlass.spool.ingest.format}) reads
 * each line; {@link io.windlass.spool.ingest.http.RequestBatches} records its samples straight into
 * the request's spool batches, which are published only once the whole body has been read. So a
 * request is all or nothing, and what it holds in memory is bounded whatever its size. {@link
 * io.windlass.spool.ingest.http.IngestStats} counts per format.
 *
 * <p><b>Binary formats.</b> A body that cannot be read line by line (Prometheus remote write's
 * snappy-compressed protobuf) is a {@link io.windlass.spool.ingest.http.DecodedPush}, read and
 * decoded whole in its request's turn by {@link
 * io.windlass.spool.ingest.http.HttpIngest#push(io.windlass.spool.ingest.http.PushFormat,
 * io.windlass.spool.ingest.http.DecodedPush)} into the same request batches: all or nothing,
 * answered the same way.
 *
 * <p>What this package will not do: route, authenticate or limit connections (the server does), or
 * import the engine.
 */
@NullMarked
package io.windlass.spool.ingest.http;

import org.jspecify.annotations.NullMarked;
