/**
 * The agent's local sockets, one manifold each, under {@code <data-dir>/run/} (mode 0700):
 *
 * <ul>
 *   <li>{@code collect-socket} serves {@code collect.sock} and {@code send-socket} serves {@code
 *       send.sock}, in Juju's trigger protocol ({@link io.windlass.spool.socket.TriggerHandler}): a
 *       client connects, the agent runs the actions registered in {@link
 *       io.windlass.manifolds.sockets.TriggerTargets} and answers {@code ok} or {@code error:
 *       <message>};
 *   <li>{@code ingest-socket} serves {@code ingest.sock} in the line protocol ({@link
 *       io.windlass.spool.socket.LineConnectionHandler}), one metric per request line, recorded
 *       into the spool. Its handler is chosen in one place, {@link
 *       io.windlass.manifolds.sockets.IngestSocketWorker#ingestHandler}.
 * </ul>
 *
 * <p>With {@code sockets.allowed-gid} the directory is mode 0710 and the sockets 0660 in that
 * group, and the listeners admit its members, whether the group is their primary or a supplementary
 * one ({@link io.windlass.spool.socket.PeerPolicy#sameUserOrGroups}). A client the modes or the
 * policy keep out is told {@code permission denied} ({@link
 * io.windlass.spool.socket.SocketConnector}).
 *
 * <p>The listeners themselves are the spool module's {@link
 * io.windlass.spool.socket.SocketListener}s; this package only adapts them to the engine: it places
 * them from the config's {@code sockets} section (connections, timeout, line length, an allowed
 * group) and restarts them with the config.
 *
 * <p>This package does not collect or send anything: workers that do register their "run now"
 * action in {@code TriggerTargets}.
 */
@NullMarked
package io.windlass.manifolds.sockets;

import org.jspecify.annotations.NullMarked;
