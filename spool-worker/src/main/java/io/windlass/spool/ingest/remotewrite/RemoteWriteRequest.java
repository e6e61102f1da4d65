package io.windlass.spool.ingest.remotewrite;

import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.ingest.SampleTimeBounds;
import io.windlass.spool.ingest.format.SampleSink;
import io.windlass.spool.ingest.http.DecodedPush;
import io.windlass.spool.ingest.http.MalformedPushException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * One received remote write request: its snappy-compressed body, read whole and decoded by its
 * version's decoder into the request's spool batches when {@link
 * io.windlass.spool.ingest.http.HttpIngest#push(io.windlass.spool.ingest.http.PushFormat,
 * DecodedPush)} gives it its turn. Single-use.
 *
 * <p>Memory: the body (at most the server's body limit) and the message it decodes to (at most
 * {@code maxDecodedBytes}, refused before it is allocated) are held while the request is stored;
 * the series are read one at a time from them.
 */
public final class RemoteWriteRequest implements DecodedPush {
  private final RemoteWriteVersion version;
  private final InputStream body;
  private final long maxDecodedBytes;

  /**
   * @param body the body as sent, bounded by the caller
   * @param maxDecodedBytes the largest message it may decode to
   */
  public RemoteWriteRequest(RemoteWriteVersion version, InputStream body, long maxDecodedBytes) {
    this.version = version;
    this.body = body;
    this.maxDecodedBytes = maxDecodedBytes;
  }

  @Override
  public Dropped writeTo(
      SampleSink sink, DeclaredMetrics declared, Instant now, SampleTimeBounds timeBounds)
      throws MalformedPushException, IOException {
    SnappyBlock.Message message = SnappyBlock.read(body, maxDecodedBytes);
    SeriesWriter out = new SeriesWriter(sink, now, timeBounds);
    switch (version) {
      case V1 -> WriteRequestDecoder.decode(message.bytes(), message.length(), out);
      case V2 -> RequestV2Decoder.decode(message.bytes(), message.length(), out);
    }
    return out.dropped();
  }
}
