package io.windlass.collector.nsenter;

import java.util.Objects;

/**
 * Where a namespaced input runs.
 *
 * @param mode {@link NetworkMode#AGENT} or {@link NetworkMode#POD}
 * @param pid for {@code POD}, a process (> 0) whose network namespace to enter; 0 for {@code AGENT}
 */
public record NsEnterTarget(NetworkMode mode, long pid) {

  /** Validates. */
  public NsEnterTarget {
    Objects.requireNonNull(mode, "mode");
    if (mode == NetworkMode.POD && pid <= 0) {
      throw new IllegalArgumentException("POD target pid " + pid + " must be > 0");
    }
    if (mode == NetworkMode.AGENT && pid != 0) {
      throw new IllegalArgumentException("AGENT target takes no pid, got " + pid);
    }
  }

  /** The agent's own namespace. */
  public static NsEnterTarget agent() {
    return new NsEnterTarget(NetworkMode.AGENT, 0);
  }

  /** The network namespace of process {@code pid}. */
  public static NsEnterTarget pod(long pid) {
    return new NsEnterTarget(NetworkMode.POD, pid);
  }
}
