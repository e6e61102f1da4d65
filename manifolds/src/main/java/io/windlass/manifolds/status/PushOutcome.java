package io.windlass.manifolds.status;

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
record PushOutcome(int status, String message, long samples) {
  static final int STORED = 204;
  static final int BAD_REQUEST = 400;
  static final int TOO_LARGE = 413;
  static final int UNAVAILABLE = 503;
  static final int INSUFFICIENT_STORAGE = 507;
  static final int FAILED = 500;

  static PushOutcome stored(long samples) {
    return new PushOutcome(STORED, "", samples);
  }

  static PushOutcome refused(int status, String message) {
    return new PushOutcome(status, message, 0);
  }

  /** Whether the request was stored. */
  boolean isStored() {
    return status == STORED;
  }
}
