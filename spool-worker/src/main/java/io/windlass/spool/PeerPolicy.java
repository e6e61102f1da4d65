package io.windlass.spool;

import com.google.common.collect.ImmutableSet;
import java.util.Set;

/**
 * Decides whether a peer may use a socket. A {@link SocketListener} asks it once per accepted
 * connection, before the connection counts against the connection limit; a refused peer gets the
 * line {@code error: permission denied} and is disconnected.
 *
 * <p>The socket file's mode (0600) already keeps other users out; the policy is the second check,
 * and the one that lets a group in.
 */
@FunctionalInterface
public interface PeerPolicy {

  /**
   * Returns whether {@code peer} may use the socket.
   *
   * @param peer the credentials the kernel reported for the connecting process
   * @param agentUid the user id the agent runs as (the owner of the socket file it created)
   */
  boolean permits(PeerCredentials peer, long agentUid);

  /** Permits only processes of the agent's own user. The default. */
  static PeerPolicy sameUser() {
    return (peer, agentUid) -> peer.uid() != -1 && peer.uid() == agentUid;
  }

  /**
   * Permits processes of the agent's own user and processes whose primary group (or any group the
   * kernel reports) is one of {@code allowedGids}.
   */
  static PeerPolicy sameUserOrGroups(Set<Long> allowedGids) {
    ImmutableSet<Long> allowed = ImmutableSet.copyOf(allowedGids);
    PeerPolicy sameUser = sameUser();
    return (peer, agentUid) ->
        sameUser.permits(peer, agentUid) || peer.gids().stream().anyMatch(allowed::contains);
  }
}
