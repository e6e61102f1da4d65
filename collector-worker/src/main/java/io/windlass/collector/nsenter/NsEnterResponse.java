package io.windlass.collector.nsenter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Objects;

/**
 * The helper's answer: {@code {"success": bool, "message": string, "data": any}}.
 *
 * @param success whether the action succeeded
 * @param message why it failed, or empty
 * @param data the action's result (for metric actions, a list of metrics); JSON null when none
 */
public record NsEnterResponse(boolean success, String message, JsonNode data) {

  /** Validates. */
  public NsEnterResponse {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(data, "data");
  }

  /** A successful response carrying {@code data}. */
  public static NsEnterResponse ok(JsonNode data) {
    return new NsEnterResponse(true, "", data);
  }

  /** A failed response saying {@code message}. */
  public static NsEnterResponse failed(String message) {
    return new NsEnterResponse(false, message, NullNode.getInstance());
  }
}
