package io.windlass.spool.sender;

/**
 * How much of each batch a backend has already: for a batch and a shard, how many of the batch's
 * samples in that shard, in the order the sink encodes them, were carried by requests the backend
 * accepted (or said it already had). A sink leaves those samples out when it encodes the batch
 * again, so a batch is never sent twice in parts the backend acknowledged.
 */
@FunctionalInterface
public interface DeliveredSamples {

  /** Nothing of any batch is delivered. */
  DeliveredSamples NONE = (uuid, shard) -> 0;

  /**
   * How many of batch {@code uuid}'s samples in {@code shard}, counted in the sink's order, the
   * backend has; {@link Integer#MAX_VALUE} (or any count at least the batch's) for all of them.
   */
  int count(String uuid, int shard);
}
