package io.windlass.collector.nsenter;

import java.time.Duration;
import java.util.Objects;

/**
 * One request for the helper, made by {@link InputExtNsEnter#serializeRequest()}.
 *
 * @param state whatever the input needs back in {@code processResponse} or {@code
 *     generateErrorMetrics} (e.g. its configuration, for tags); never sent
 * @param actionType the helper action to run, e.g. {@code dialcheck}
 * @param body the request JSON, written to the helper's stdin
 * @param timeout how long the helper may take, JVM start included
 */
public record NsEnterRequest(Object state, String actionType, String body, Duration timeout) {

  /** Validates. */
  public NsEnterRequest {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(actionType, "actionType");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(timeout, "timeout");
    if (actionType.isBlank()) {
      throw new IllegalArgumentException("actionType must not be blank");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout " + timeout + " must be > 0");
    }
  }
}
