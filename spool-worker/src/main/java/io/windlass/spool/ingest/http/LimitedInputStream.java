package io.windlass.spool.ingest.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body read through a limit: reading past {@code limit} bytes throws {@link
 * BodyTooLargeException} (and never reads more than one byte past it). It also notes when data last
 * arrived and whether the end was reached, for the server's body deadline. Not thread-safe for
 * reading; the progress fields may be read from any thread.
 */
public final class LimitedInputStream extends FilterInputStream {
  private final long limit;
  private final String what;
  private long count;
  private volatile long lastProgressNanos = System.nanoTime();
  private volatile boolean finished;

  /**
   * @param what names the stream in the message ({@code request body})
   */
  public LimitedInputStream(InputStream in, long limit, String what) {
    super(in);
    this.limit = limit;
    this.what = what;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n = in.read(b, off, (int) Math.min(len, limit - count + 1));
    if (n < 0) {
      finished = true;
      return -1;
    }
    count += n;
    lastProgressNanos = System.nanoTime();
    if (count > limit) {
      throw new BodyTooLargeException("the " + what + " is larger than " + limit + " bytes");
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] sink = new byte[(int) Math.min(n, 8192)];
    int read = read(sink, 0, sink.length);
    return Math.max(read, 0);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Bytes read. */
  public long count() {
    return count;
  }

  /** When bytes last arrived (or the stream was made), in {@link System#nanoTime()}. */
  public long lastProgressNanos() {
    return lastProgressNanos;
  }

  /** Whether the end of the stream was read. */
  public boolean finished() {
    return finished;
  }
}
