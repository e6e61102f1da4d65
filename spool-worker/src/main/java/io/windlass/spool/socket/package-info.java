/**
 * The unix sockets through which local tools reach a running agent: where a local request enters
 * the agent, before any of its data reaches the spool.
 *
 * <p>A {@link io.windlass.spool.socket.SocketListener} is a Guava service that serves one unix
 * socket. It places the socket file atomically with mode 0600, refuses to take over a socket
 * someone still answers on ({@link io.windlass.spool.socket.SocketInUseException}), checks each
 * peer's credentials ({@link io.windlass.spool.socket.PeerCredentials}) against a {@link
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
 *   <li>the line protocol ({@link io.windlass.spool.socket.LineConnectionHandler}, framed by {@link
 *       io.windlass.spool.socket.LineFramer}): newline-delimited requests, one reply line per
 *       request line, in order, pipelining allowed; the {@link
 *       io.windlass.spool.socket.LineBatchHandler} sees the lines already received as one batch.
 *       {@code ingest.sock} speaks it ({@link io.windlass.spool.ingest.socket}).
 * </ul>
 *
 * <p>What this package will not do: it does not read or store metrics (the handlers given to it
 * do), and it does not import the engine.
 */
@NullMarked
package io.windlass.spool.socket;

import org.jspecify.annotations.NullMarked;
