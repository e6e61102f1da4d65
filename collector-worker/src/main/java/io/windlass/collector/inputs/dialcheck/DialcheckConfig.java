package io.windlass.collector.inputs.dialcheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Objects;

/**
 * What to dial.
 *
 * @param host a host name or address
 * @param port 1..65535
 * @param connectTimeout how long a connect may take before the port counts as down; > 0
 */
public record DialcheckConfig(String host, int port, Duration connectTimeout) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Validates. */
  public DialcheckConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (host.isBlank()) {
      throw new IllegalArgumentException("dialcheck host must not be blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("dialcheck port " + port + " must be in 1..65535");
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException(
          "dialcheck connectTimeout " + connectTimeout + " must be > 0");
    }
  }

  /** As the helper's request body: {@code {"host", "port", "connectTimeoutMillis"}}. */
  public String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("host", host);
    node.put("port", port);
    node.put("connectTimeoutMillis", connectTimeout.toMillis());
    return node.toString();
  }

  /** Reads {@link #toJson()}'s form. */
  public static DialcheckConfig fromJson(JsonNode node) {
    JsonNode host = node.path("host");
    JsonNode port = node.path("port");
    JsonNode timeout = node.path("connectTimeoutMillis");
    if (!host.isTextual() || !port.isInt() || !timeout.canConvertToLong()) {
      throw new IllegalArgumentException(
          "dialcheck request needs host (string), port (int), connectTimeoutMillis (int): " + node);
    }
    return new DialcheckConfig(host.asText(), port.asInt(), Duration.ofMillis(timeout.asLong()));
  }
}
