package io.windlass.manifolds.config;

/** What the spool does when recording a batch would exceed one of its bounds. */
public enum OverflowPolicy {
  /** Remove the oldest batches until the new one fits (the default): fresh data wins. */
  DROP_OLDEST("drop-oldest"),
  /** Refuse the new batch and keep what is spooled: old data wins. */
  REJECT_NEW("reject-new");

  private final String configName;

  OverflowPolicy(String configName) {
    this.configName = configName;
  }

  /** The name the config uses, e.g. {@code drop-oldest}. */
  public String configName() {
    return configName;
  }

  @Override
  public String toString() {
    return configName;
  }
}
