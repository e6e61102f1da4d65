package io.windlass.spool.sender;

import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;

/**
 * The requests a {@link MetricSink} makes of some batches, and the batches it cannot encode at all.
 *
 * @param requests the requests; those of one shard ({@link SinkRequest#shard()}) in the order they
 *     are to be sent
 * @param unencodable the uuids of batches no request carries, each with the reason (for example a
 *     value that is not a number); the sender rejects them
 */
public record SinkEncoding(List<SinkRequest> requests, Map<String, String> unencodable) {

  /** Checks that nothing is missing and copies. */
  public SinkEncoding {
    if (requests == null || unencodable == null) {
      throw new IllegalArgumentException("requests and unencodable must not be null");
    }
    requests = List.copyOf(requests);
    unencodable = ImmutableMap.copyOf(unencodable);
  }
}
