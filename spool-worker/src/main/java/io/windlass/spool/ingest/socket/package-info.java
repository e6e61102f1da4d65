/**
 * The ingest protocol of the agent's {@code ingest.sock}: local programs push metrics into the
 * spool, and each request is acknowledged only once its metrics are durable.
 *
 * <h2>Protocol</h2>
 *
 * It is the line protocol of {@link io.windlass.spool.socket.LineConnectionHandler}:
 * newline-delimited UTF-8 requests, one reply line per request line, in the order of the lines; a
 * client may send any number of lines before it reads a reply (pipelining), then shuts down its
 * output and reads the remaining replies. A reply is {@code ok} or {@code error: <message>}. A
 * request line is one of two forms:
 *
 * <ul>
 *   <li><b>JSON</b>, a line whose first non-blank character is <code>{</code>: one metric, <code>
 *       {"key":"pings","value":5,"labels":{"zone":"a"},"time":"2025-01-02T03:04:05.5Z"}</code>.
 *       {@code key} and {@code value} are required; {@code labels} (an object of names to strings)
 *       and {@code time} (an RFC 3339 time with an offset) are optional, and {@code null} means
 *       absent. No other fields are allowed, and none twice.
 *   <li><b>text</b>: {@code key=value [key=value ...] [--labels k=v[,k=v...]]}, tokens separated by
 *       spaces or tabs. Several metrics in one line share the labels and the time. {@code --labels}
 *       (also spelled {@code --labels=k=v,...}) may appear once, anywhere in the line. A token's
 *       key ends at its first {@code =}, and so does a label's name; label values cannot hold
 *       commas or blanks (use the JSON form for those).
 * </ul>
 *
 * <p><b>Values.</b> A value is kept as the decimal string the spool stores (as Juju does), exactly
 * as written: in JSON either a number ({@code 5}, {@code 1.50}, {@code 2e3}, whose literal text is
 * kept, so no precision is lost to a double) or a string holding one ({@code "5"}). Either way it
 * must pass the spool's value rule: a finite decimal number ({@code NaN} and {@code Inf} are
 * refused), at most 30 characters, >= 0 unless the metric is a gauge.
 *
 * <p><b>Time.</b> A metric without a time gets the time at which its batch of lines is handled,
 * from the handler's clock; every metric of a text line has that time. A JSON line's {@code time}
 * must be within the handler's {@link io.windlass.spool.ingest.SampleTimeBounds} of that clock (by
 * default at most 10 minutes ahead and 7 days behind), or the line is refused: {@code error: metric
 * "pings" timestamp 5000-01-01T00:00:00Z is more than 10m ahead of the agent's clock (...)}.
 *
 * <p><b>Checks.</b> Each line is parsed ({@link
 * io.windlass.spool.ingest.socket.IngestRequestParser}), and each of its metrics checked against
 * the spool's rules (declared key, value, time, labels; see {@link
 * io.windlass.spool.MetricRecorder}) before any of them is recorded. A line with any fault is
 * refused whole, with a reply naming the fault (bad JSON, a missing key, a value that is not a
 * number, an undeclared metric, bad label syntax, a bad time, a limit exceeded); it leaves nothing
 * in the spool. Limits: {@value
 * io.windlass.spool.ingest.socket.IngestRequestParser#DEFAULT_MAX_METRICS_PER_LINE} metrics per
 * line and {@value io.windlass.spool.ingest.socket.IngestRequestParser#DEFAULT_MAX_LABELS} labels
 * per metric by default, and the socket's longest line (64 KiB by default).
 *
 * <p><b>Durability and group commit.</b> The valid lines that arrived together (one read of the
 * connection) are recorded in one spool batch of charm URL {@link
 * io.windlass.spool.ingest.socket.IngestHandler#CHARM_URL}, which is closed once: one fsync for all
 * of them. Their {@code ok} replies are written only after that close returned. If it fails (the
 * spool is full and refuses new data, an I/O error), each of those lines is answered {@code error:
 * <message>} and none of them was stored, so a client may send them again.
 *
 * <h2>Types</h2>
 *
 * {@link io.windlass.spool.ingest.socket.IngestHandler} is the server side, a {@link
 * io.windlass.spool.socket.LineBatchHandler} to serve behind a {@link
 * io.windlass.spool.socket.SocketListener}; {@link io.windlass.spool.ingest.socket.IngestClient} is
 * the client side, used by {@code windlass add-metric}.
 *
 * <p>This package does not place or run the socket (the agent's manifolds do), and does not
 * deduplicate: a line sent twice is stored twice.
 */
@NullMarked
package io.windlass.spool.ingest.socket;

import org.jspecify.annotations.NullMarked;
