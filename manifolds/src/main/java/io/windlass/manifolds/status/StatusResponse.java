package io.windlass.manifolds.status;

import com.google.common.collect.ImmutableMap;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A response of the status server.
 *
 * @param status the HTTP status
 * @param contentType the body's media type; ignored without a body
 * @param body the body; empty for none
 * @param headers other response headers
 */
record StatusResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
  static final String TEXT = "text/plain; charset=utf-8";
  static final String JSON = "application/json";

  /** The Prometheus text exposition format, version 0.0.4. */
  static final String EXPOSITION = "text/plain; version=0.0.4; charset=utf-8";

  StatusResponse {
    headers = ImmutableMap.copyOf(headers);
  }

  /** {@code text} and a newline, as plain text. */
  static StatusResponse text(int status, String text) {
    return new StatusResponse(
        status, TEXT, (text + "\n").getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /** No body: 204. */
  static StatusResponse noContent() {
    return empty(204);
  }

  /** {@code status} with no body. */
  static StatusResponse empty(int status) {
    return new StatusResponse(status, TEXT, new byte[0], Map.of());
  }

  /** {@code json} as JSON. */
  static StatusResponse json(int status, String json) {
    return new StatusResponse(status, JSON, json.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /** This response with one more header. */
  StatusResponse withHeader(String name, String value) {
    return new StatusResponse(
        status,
        contentType,
        body,
        ImmutableMap.<String, String>builder().putAll(headers).put(name, value).buildOrThrow());
  }
}
