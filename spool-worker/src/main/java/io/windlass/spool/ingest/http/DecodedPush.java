package io.windlass.spool.ingest.http;

import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.ingest.SampleTimeBounds;
import io.windlass.spool.ingest.format.SampleSink;
import java.io.IOException;
import java.time.Instant;

/**
 * A pushed request that is not lines of text (an OTLP message): read and decoded whole before its
 * turn, it writes its own samples into the request's spool batches ({@link
 * HttpIngest#push(PushFormat, DecodedPush)}).
 */
@FunctionalInterface
public interface DecodedPush {
  /**
   * Writes the request's samples into {@code sink}; those it refuses itself it leaves out.
   *
   * @param declared the metrics the spool takes
   * @param now the agent's clock as the request's turn came: the time of samples without one
   * @param timeBounds how far from {@code now} a sample's time may be
   * @return how many items (data points) it refused and left out, counted in {@link
   *     IngestStats.Counters#refusedPoints} once the request is stored
   * @throws io.windlass.spool.MetricsDataException the spool refuses a sample as such: the request
   *     is answered {@code 400} and nothing of it is kept
   * @throws IOException the spool refuses the sample for another reason, or failed
   */
  long writeTo(SampleSink sink, DeclaredMetrics declared, Instant now, SampleTimeBounds timeBounds)
      throws IOException;
}
