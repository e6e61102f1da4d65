package io.windlass.spool.sender;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one {@link SinkRequest} came to.
 *
 * @param outcomes an outcome for every batch the request carried
 * @param wholeRequest whether the outcome is the request's as a whole (the same for every batch it
 *     carried, as Prometheus remote write answers) rather than each batch's own; a whole-request
 *     refusal of several batches is not held against any one of them until it is sent alone
 * @param failure how the request failed, if it did: no answer, or a status other than 2xx
 */
public record SinkResponse(
    Map<String, SendOutcome> outcomes, boolean wholeRequest, Optional<String> failure) {

  /** Checks that nothing is missing and copies the outcomes. */
  public SinkResponse {
    if (outcomes == null || failure == null) {
      throw new IllegalArgumentException("outcomes and failure must not be null");
    }
    outcomes = ImmutableMap.copyOf(outcomes);
  }

  /** The same outcome for every batch {@code request} carried. */
  public static SinkResponse whole(
      SinkRequest request, SendOutcome outcome, Optional<String> failure) {
    ImmutableMap.Builder<String, SendOutcome> outcomes = ImmutableMap.builder();
    for (String uuid : request.batches()) {
      outcomes.put(uuid, outcome);
    }
    return new SinkResponse(outcomes.buildKeepingLast(), true, failure);
  }
}
