package io.windlass.manifolds.console;

import com.google.common.collect.ImmutableMap;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What the console answers a request with, independent of the HTTP server that sends it.
 *
 * @param status the HTTP status
 * @param contentType the body's media type; ignored without a body
 * @param body the body; empty for none
 * @param headers other response headers, in order
 */
public record ConsoleResponse(
    int status, String contentType, byte[] body, Map<String, String> headers) {

  static final String TEXT = "text/plain; charset=utf-8";
  static final String JSON = "application/json";

  /** Copies the headers. */
  public ConsoleResponse {
    headers = ImmutableMap.copyOf(headers);
  }

  static ConsoleResponse text(int status, String text) {
    return new ConsoleResponse(
        status, TEXT, (text + "\n").getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /** {@code 303 See Other} to {@code location}, with no body. */
  static ConsoleResponse redirect(String location) {
    return new ConsoleResponse(303, TEXT, new byte[0], Map.of("Location", location));
  }

  /** This response with one more header. */
  ConsoleResponse withHeader(String name, String value) {
    return new ConsoleResponse(
        status,
        contentType,
        body,
        ImmutableMap.<String, String>builder().putAll(headers).put(name, value).buildOrThrow());
  }
}
