package io.windlass.spool.ingest.http;

import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.ingest.SampleTimeBounds;
import io.windlass.spool.ingest.format.SampleSink;
import java.io.IOException;
import java.time.Instant;

/**
 * A pushed request of a binary format (Prometheus remote write, OTLP), read and decoded whole
 * rather than line by line: {@link HttpIngest#push(PushFormat, DecodedPush)} calls {@link #writeTo}
 * once, in the request's turn (so that the memory its body takes counts among the requests stored
 * at once), and it writes its samples into the request's spool batches.
 */
@FunctionalInterface
public interface DecodedPush {

  /**
   * What a stored request left out.
   *
   * @param exemplars exemplars left out (the spool has no place for them)
   * @param staleMarkers Prometheus staleness markers left out
   * @param refusedPoints data points the format's own rules refused, the rest being stored (OTLP's
   *     {@code partial_success})
   */
  record Dropped(long exemplars, long staleMarkers, long refusedPoints) {
    /** Nothing left out. */
    public static final Dropped NONE = new Dropped(0, 0, 0);

    /** {@code refusedPoints} data points refused, nothing else left out. */
    public static Dropped refused(long refusedPoints) {
      return new Dropped(0, 0, refusedPoints);
    }
  }

  /**
   * Reads the body and writes its samples into {@code sink}.
   *
   * @param declared the metrics the spool takes
   * @param now the agent's clock as the request's turn came: the time of samples without one, and
   *     what {@code timeBounds} are measured from
   * @param timeBounds how far from {@code now} a sample's time may be
   * @return what was left out
   * @throws BodyTooLargeException the body, as sent or decoded, is past the limit: {@code 413}
   * @throws MalformedPushException the body cannot be read, is not of the format, or holds
   *     something refused: {@code 400}
   * @throws io.windlass.spool.MetricsDataException the spool refuses a sample as such: {@code 400}
   * @throws IOException from {@code sink}: the spool refused or failed
   */
  Dropped writeTo(
      SampleSink sink, DeclaredMetrics declared, Instant now, SampleTimeBounds timeBounds)
      throws MalformedPushException, IOException;
}
