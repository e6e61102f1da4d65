package io.windlass.spool.socket;

import com.google.common.collect.ImmutableSet;
import io.windlass.spool.ProcessIdentity;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;

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
   * Permits processes of the agent's own user and processes that hold one of {@code allowedGids}:
   * as their primary group, or among their supplementary groups.
   *
   * <p>The kernel's peer credentials ({@code SO_PEERCRED}) carry the peer's primary group only, so
   * a peer not admitted by them has its supplementary groups read from {@code /proc/<pid>/status}
   * ({@link ProcessIdentity#of}), by the pid in the credentials. These are the groups the kernel
   * used when the peer opened the socket file (mode 0660, in the allowed group), so the policy
   * admits exactly the processes the file's mode admits. They are trusted only if that process
   * still has the credentials' effective uid and gid; a peer that has gone, or whose status cannot
   * be read, is judged by its primary group alone. (Asking the group database whether the peer's
   * user is a member would admit a process that has dropped the group, and needs a name service the
   * agent does not otherwise use.)
   */
  static PeerPolicy sameUserOrGroups(Set<Long> allowedGids) {
    return sameUserOrGroups(allowedGids, ProcessIdentity::of);
  }

  /** {@link #sameUserOrGroups(Set)}, reading process identities through {@code identities}. */
  static PeerPolicy sameUserOrGroups(
      Set<Long> allowedGids, LongFunction<Optional<ProcessIdentity>> identities) {
    ImmutableSet<Long> allowed = ImmutableSet.copyOf(allowedGids);
    PeerPolicy sameUser = sameUser();
    return (peer, agentUid) -> {
      if (sameUser.permits(peer, agentUid) || peer.gids().stream().anyMatch(allowed::contains)) {
        return true;
      }
      if (peer.pid() <= 0 || peer.uid() < 0) {
        return false;
      }
      return identities
          .apply(peer.pid())
          .filter(identity -> identity.uid() == peer.uid() && identity.gid() == peer.gid())
          .map(identity -> identity.groups().stream().anyMatch(allowed::contains))
          .orElse(false);
    };
  }
}
