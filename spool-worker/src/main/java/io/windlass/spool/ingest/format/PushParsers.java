package io.windlass.spool.ingest.format;

import io.windlass.spool.ingest.SampleTimeBounds;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The fast readers of pushed bodies, one per {@link WireFormat}, with every cache and interner they
 * use, each bounded: the readers and line buffers kept for reuse across requests (and across
 * restarts of the {@code http-ingest} worker, whose holder keeps one of these), each reader's
 * series cache ({@link PushParser#MAX_CACHED_SERIES} series and {@link
 * ByteKeyCache#DEFAULT_MAX_BYTES} bytes of series text), and the label sets and names shared by all
 * readers ({@link SharedLabelSets#DEFAULT_MAX_SETS} sets, {@link SharedLabelSets#DEFAULT_MAX_BYTES}
 * bytes). A reader's series cache is what makes it fast, so it is worth keeping warm. A request
 * borrows a reader and a buffer and gives them back. Thread-safe.
 */
public final class PushParsers {

  /** The size of a pooled line buffer; a longer line grows its own. */
  public static final int BUFFER_BYTES = 64 * 1024;

  /**
   * Readers (and line buffers) kept by default, per format: as many as the push handler stores
   * requests at once. With the bounds of each reader's caches, this bounds what the caches hold to
   * a few MiB.
   */
  public static final int DEFAULT_MAX_POOLED = 4;

  private final int maxPooled;

  private final SharedLabelSets labelSets = new SharedLabelSets();
  private final Queue<PrometheusPushParser> prometheus = new ConcurrentLinkedQueue<>();
  private final Queue<InfluxPushParser> influx = new ConcurrentLinkedQueue<>();
  private final Queue<byte[]> buffers = new ConcurrentLinkedQueue<>();

  /** Keeps {@value #DEFAULT_MAX_POOLED} readers per format. */
  public PushParsers() {
    this(DEFAULT_MAX_POOLED);
  }

  /** Keeps at most {@code maxPooled} readers (and line buffers) per format. */
  public PushParsers(int maxPooled) {
    if (maxPooled < 1) {
      throw new IllegalArgumentException("maxPooled " + maxPooled + " must be >= 1");
    }
    this.maxPooled = maxPooled;
  }

  /**
   * A reader of {@code format}, begun for a request at {@code now}.
   *
   * @param precision the unit of Influx timestamps; ignored for Prometheus and OpenMetrics text
   */
  public PushParser borrow(
      WireFormat format, Instant now, SampleTimeBounds timeBounds, Precision precision) {
    switch (format) {
      case PROMETHEUS_TEXT, OPENMETRICS_TEXT -> {
        PrometheusPushParser parser = prometheus.poll();
        if (parser == null) {
          parser = new PrometheusPushParser(labelSets);
        }
        parser.begin(now, timeBounds, format == WireFormat.OPENMETRICS_TEXT);
        return parser;
      }
      case INFLUX_LINE -> {
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
  public void release(WireFormat format, PushParser parser) {
    switch (format) {
      case PROMETHEUS_TEXT, OPENMETRICS_TEXT -> {
        if (prometheus.size() < maxPooled) {
          prometheus.offer((PrometheusPushParser) parser);
        }
      }
      case INFLUX_LINE -> {
        if (influx.size() < maxPooled) {
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
    if (buffer.length == BUFFER_BYTES && buffers.size() < maxPooled) {
      buffers.offer(buffer);
    }
  }
}
