package io.windlass.collector.nsenter;

/** Where a namespaced input collects from. */
public enum NetworkMode {
  /** In the agent's own network namespace, in-process, without a helper. */
  AGENT,
  /** In the network namespace of a target process (a pod's), through a helper process. */
  POD
}
