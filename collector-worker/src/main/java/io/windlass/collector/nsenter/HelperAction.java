package io.windlass.collector.nsenter;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One thing the {@link Helper} can do inside a namespace, found with {@link
 * java.util.ServiceLoader} (list implementations in {@code
 * META-INF/services/io.windlass.collector.nsenter.HelperAction}; each needs a public no-argument
 * constructor).
 */
public interface HelperAction {

  /** The action type this handles, e.g. {@code dialcheck}. */
  String actionType();

  /**
   * Runs the action on the request body.
   *
   * @return the response's {@code data}
   * @throws Exception when the action failed; the helper answers {@code success=false} with the
   *     message
   */
  JsonNode run(JsonNode request) throws Exception;
}
