package io.windlass.spool.ingest.http;

/**
 * What became of one pushed request, as the HTTP status it is answered with.
 *
 * @param status {@value #STORED} (every sample durable in the spool), {@value #BAD_REQUEST} (a bad
 *     line or body; nothing kept), {@value #TOO_LARGE}, {@value #UNAVAILABLE} (the spool refuses or
 *     is not open, or too many pushes at once; retry later), {@value #INSUFFICIENT_STORAGE} (the
 *     spool's disk is full; retry later) or {@value #FAILED}
 * @param message for the client: the first bad line's number and reason, or why it was refused;
 *     empty when stored
 * @param samples samples stored
 */
public record PushOutcome(int status, String message, long samples) {
  public static final int STORED = 204;
  public static final int BAD_REQUEST = 400;
  public static final int TOO_LARGE = 413;
  public static final int UNAVAILABLE = 503;
  public static final int INSUFFICIENT_STORAGE = 507;
  public static final int FAILED = 500;

  public static PushOutcome stored(long samples) {
    return new PushOutcome(STORED, "", samples);
  }

  public static PushOutcome refused(int status, String message) {
    return new PushOutcome(status, message, 0);
  }

  /** Whether the request was stored. */
  public boolean isStored() {
    return status == STORED;
  }
}
