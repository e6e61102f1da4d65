package io.windlass.spool.ingest.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeoutException;

/**
 * A request body as a blocking stream, noting whether a read failed because the body stopped
 * arriving (a {@link TimeoutException} in the failure's causes: the idle timeout or the body
 * deadline), so that the server answers {@code 408} rather than what the route made of the failed
 * read. Not thread-safe for reading; {@link #timedOut()} may be read from any thread.
 */
public final class RequestBodyStream extends FilterInputStream {
  private volatile boolean timedOut;

  public RequestBodyStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    try {
      return super.read();
    } catch (IOException e) {
      throw noted(e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return super.read(b, off, len);
    } catch (IOException e) {
      throw noted(e);
    }
  }

  private IOException noted(IOException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof TimeoutException) {
        timedOut = true;
      }
    }
    return e;
  }

  /** Whether a read failed for a timeout. */
  public boolean timedOut() {
    return timedOut;
  }
}
