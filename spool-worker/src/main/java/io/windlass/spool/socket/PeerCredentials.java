package io.windlass.spool.socket;

import java.util.List;
import org.newsclub.net.unix.AFUNIXSocketCredentials;

/**
 * Who is on the other end of a unix socket connection, as the kernel reports it when the connection
 * is accepted ({@code SO_PEERCRED} on Linux). A value the kernel did not report is {@code -1}.
 *
 * @param pid the peer's process id, or -1
 * @param uid the peer's effective user id, or -1
 * @param gids the peer's group ids, primary first; often only the primary one; empty if unknown
 */
public record PeerCredentials(long pid, long uid, List<Long> gids) {

  /** Copies {@code gids}. */
  public PeerCredentials {
    gids = List.copyOf(gids);
  }

  /** The peer's primary group id, or -1 if unknown. */
  public long gid() {
    return gids.isEmpty() ? -1 : gids.get(0);
  }

  static PeerCredentials of(AFUNIXSocketCredentials credentials) {
    long[] gids = credentials.getGids();
    Long[] boxed = new Long[gids == null ? 0 : gids.length];
    for (int i = 0; i < boxed.length; i++) {
      boxed[i] = gids[i];
    }
    return new PeerCredentials(credentials.getPid(), credentials.getUid(), List.of(boxed));
  }
}
