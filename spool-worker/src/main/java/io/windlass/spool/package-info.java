/**
 * The Windlass metrics spool: a durable on-disk store of metric batches in Juju's spool format, and
 * the workers that serve it: the unix socket listener through which local tools reach a running
 * agent, and the periodic worker that drives collection and sending.
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
 * <h2>Sockets</h2>
 *
 * <p>A {@link io.windlass.spool.socket.SocketListener} is a Guava service that serves one unix
 * socket. It places the socket file atomically with mode 0600, refuses to take over a socket
 * someone still answers on, checks each peer's credentials against a {@link
 * io.windlass.spool.socket.PeerPolicy}, and bounds what a client can hold: concurrent connections,
 * a per-connection deadline ({@link io.windlass.spool.socket.SocketListener#DEFAULT_TIMEOUT}), and
 * in the line protocol the length of a line. Each accepted {@link
 * io.windlass.spool.socket.Connection} is given to a {@link
 * io.windlass.spool.socket.ConnectionHandler}. Two protocols are provided:
 *
 * <ul>
 *   <li>the trigger protocol ({@link io.windlass.spool.socket.TriggerHandler}, {@link
 *       io.windlass.spool.socket.TriggerClient}): the client connects and sends nothing, the agent
 *       runs an action and answers one line, {@code ok} or {@code error: <message>};
 *   <li>the line protocol ({@link io.windlass.spool.socket.LineConnectionHandler}):
 *       newline-delimited requests, one reply line per request line, in order, pipelining allowed;
 *       the {@link io.windlass.spool.socket.LineBatchHandler} sees the lines already received as
 *       one batch.
 * </ul>
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
