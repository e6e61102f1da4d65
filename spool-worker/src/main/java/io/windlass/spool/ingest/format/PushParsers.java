package io.windlass.spool.ingest.format;

import io.windlass.spool.ingest.SampleTimeBounds;
import io.windlass.spool.ingest.http.HttpIngest;
import io.windlass.spool.ingest.http.PushFormat;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Push parsers and line buffers kept for reuse across requests, and across restarts of the {@code
 * http-ingest} worker (the status server's ingest slot holds one): a parser's series cache is what
 * makes it fast, so it is worth keeping warm. A request borrows a parser and a buffer and gives
 * them back. Thread-safe.
 */
public final class PushParsers {

  /** The size of a pooled line buffer; a longer line grows its own. */
  public static final int BUFFER_BYTES = 64 * 1024;

  /**
   * Parsers (and line buffers) kept, per format: as many as requests are stored at once ({@link
   * HttpIngest#MAX_CONCURRENT_PUSHES}). With at most {@link PushParser#MAX_CACHED_SERIES} series
   * and {@link ByteKeyCache#DEFAULT_MAX_BYTES} bytes of series text cached in each, this bounds
   * what the caches hold to a few MiB.
   */
  static final int MAX_POOLED = HttpIngest.MAX_CONCURRENT_PUSHES;

  private final SharedLabelSets labelSets = new SharedLabelSets();
  private final Queue<PrometheusPushParser> prometheus = new ConcurrentLinkedQueue<>();
  private final Queue<InfluxPushParser> influx = new ConcurrentLinkedQueue<>();
  private final Queue<byte[]> buffers = new ConcurrentLinkedQueue<>();

  /** A parser for {@code format}, begun for a request at {@code now}. */
  public PushParser borrow(
      PushFormat format, Instant now, SampleTimeBounds timeBounds, Precision precision) {
    switch (format) {
      case PROMETHEUS -> {
        PrometheusPushParser parser = prometheus.poll();
        if (parser == null) {
          parser = new PrometheusPushParser(labelSets);
        }
        parser.begin(now, timeBounds);
        return parser;
      }
      case INFLUX -> {
        InfluxPushParser parser = influx.poll();
        if (parser == null) {
          parser = new InfluxPushParser(labelSets);
        }
        parser.begin(now, timeBounds, precision);
        return parser;
      }
    }
    throw new AssertionError(format);
  }

  /** Gives back a parser borrowed for {@code format}. */
  public void release(PushFormat format, PushParser parser) {
    switch (format) {
      case PROMETHEUS -> {
        if (prometheus.size() < MAX_POOLED) {
          prometheus.offer((PrometheusPushParser) parser);
        }
      }
      case INFLUX -> {
        if (influx.size() < MAX_POOLED) {
          influx.offer((InfluxPushParser) parser);
        }
      }
    }
  }

  /** A line buffer of {@link #BUFFER_BYTES}. */
  public byte[] borrowBuffer() {
    byte[] buffer = buffers.poll();
    return buffer != null ? buffer : new byte[BUFFER_BYTES];
  }

  /** Gives back a line buffer; one that grew is dropped. */
  public void releaseBuffer(byte[] buffer) {
    if (buffer.length == BUFFER_BYTES && buffers.size() < MAX_POOLED) {
      buffers.offer(buffer);
    }
  }
}
