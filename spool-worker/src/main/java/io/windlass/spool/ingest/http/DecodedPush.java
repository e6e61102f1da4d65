package io.windlass.spool.ingest.http;

import io.windlass.spool.ingest.SampleTimeBounds;
import io.windlass.spool.ingest.format.SampleSink;
import java.io.IOException;
import java.time.Instant;

/**
 * A pushed request of a binary format (Prometheus remote write), which is read and decoded whole
 * rather than line by line: {@link HttpIngest#push(PushFormat, DecodedPush)} calls {@link #addTo}
 * once, in the request's turn, so that the memory the body takes counts among the requests stored
 * at once.
 */
@FunctionalInterface
public interface DecodedPush {

  /**
   * What a stored request left out: parts the spool has no place for.
   *
   * @param exemplars exemplars left out
   * @param staleMarkers Prometheus staleness markers left out
   */
  record Dropped(long exemplars, long staleMarkers) {
    public static final Dropped NONE = new Dropped(0, 0);
  }

  /**
   * Reads the body and adds every sample of it to {@code sink}.
   *
   * @param now the agent's clock, which {@code timeBounds} are measured from
   * @param timeBounds how far from {@code now} a sample's timestamp may be; a sample out of them
   *     refuses the request
   * @return what was left out
   * @throws BodyTooLargeException the body, as sent or decoded, is past the limit: {@code 413}
   * @throws MalformedPushException the body cannot be read, is not of the format, or holds
   *     something refused: {@code 400}
   * @throws IOException from {@code sink}: the spool refused or failed
   */
  Dropped addTo(SampleSink sink, Instant now, SampleTimeBounds timeBounds)
      throws MalformedPushException, IOException;
}
