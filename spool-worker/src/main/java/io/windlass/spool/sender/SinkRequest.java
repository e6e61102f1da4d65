package io.windlass.spool.sender;

import java.util.List;

/**
 * One request a {@link MetricSink} will send: its encoded body and the batches it carries. A batch
 * too large for one request is carried by several consecutive ones; {@link #finishes()} names the
 * batches whose last part this request carries.
 *
 * @param body the encoded request body, as sent (not copied)
 * @param batches the uuids of the batches it carries, in spool order
 * @param finishes the uuids of the batches whose last part it carries, a subset of {@code batches}
 * @param metrics how many metrics (samples) it carries
 */
public record SinkRequest(byte[] body, List<String> batches, List<String> finishes, int metrics) {

  /** Checks that nothing is missing and copies the lists. */
  public SinkRequest {
    if (body == null || batches == null || finishes == null) {
      throw new IllegalArgumentException("body, batches and finishes must not be null");
    }
    batches = List.copyOf(batches);
    finishes = List.copyOf(finishes);
    if (!batches.containsAll(finishes)) {
      throw new IllegalArgumentException(
          "finishes " + finishes + " must be among the batches " + batches);
    }
  }
}
