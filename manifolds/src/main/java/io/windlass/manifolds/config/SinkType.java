package io.windlass.manifolds.config;

/** The protocol the sender speaks to its backend ({@code sink.type}). */
public enum SinkType {
  /** Prometheus remote write 1.0: protobuf, snappy-compressed, over HTTP POST. */
  PROMETHEUS_REMOTE_WRITE("prometheus-remote-write"),
  /** A JSON list of batches, one result per batch, as Juju's metrics API takes them. */
  JSON("json");

  private final String label;

  SinkType(String label) {
    this.label = label;
  }

  /** How the type is written in the config and on the command line. */
  public String label() {
    return label;
  }

  /** The type written as {@code label}. */
  public static SinkType ofLabel(String label) {
    for (SinkType type : values()) {
      if (type.label.equals(label)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        ConfigProblem.quote(label) + " is not a sink type: use prometheus-remote-write or json");
  }
}
