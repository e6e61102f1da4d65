package io.windlass.spool.sender;

import java.util.List;

/**
 * One request a {@link MetricSink} will send: its encoded body, the batches it carries (all or part
 * of each), and the shard it goes out through. A batch is delivered once every request that carries
 * any of it is; a batch too large for one request, or (remote write) whose series fall into several
 * shards, is carried by several.
 *
 * @param body the encoded request body, as sent (not copied)
 * @param batches the uuids of the batches it carries, in spool order
 * @param metrics how many metrics (samples) it carries
 * @param shard the shard it belongs to, from 0 to {@link SenderSettings#MAX_CONCURRENCY} - 1: a
 *     shard's requests are sent one at a time, in the order of the encoding, and the shards in
 *     parallel
 * @param samples for each of {@code batches}, how many of its samples in this shard the request
 *     carries, the next ones in the sink's order after those it carried before ({@link
 *     DeliveredSamples}); empty when the sink does not count them (a batch then goes whole in one
 *     request)
 */
public record SinkRequest(
    byte[] body, List<String> batches, int metrics, int shard, List<Integer> samples) {

  /** Checks that nothing is missing and copies the lists. */
  public SinkRequest {
    if (body == null || batches == null || samples == null) {
      throw new IllegalArgumentException("body, batches and samples must not be null");
    }
    if (!samples.isEmpty() && samples.size() != batches.size()) {
      throw new IllegalArgumentException(
          samples.size() + " sample counts for " + batches.size() + " batches");
    }
    samples = List.copyOf(samples);
    if (shard < 0 || shard >= SenderSettings.MAX_CONCURRENCY) {
      throw new IllegalArgumentException(
          "shard " + shard + " must be from 0 to " + (SenderSettings.MAX_CONCURRENCY - 1));
    }
    batches = List.copyOf(batches);
  }

  /** A request whose batches each go whole in it: no sample counts. */
  public SinkRequest(byte[] body, List<String> batches, int metrics, int shard) {
    this(body, batches, metrics, shard, List.of());
  }
}
