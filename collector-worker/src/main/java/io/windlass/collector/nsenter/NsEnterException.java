package io.windlass.collector.nsenter;

/** A request that got no usable response. */
public final class NsEnterException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why there was no usable response. */
  public enum Reason {
    /** The helper could not be started. */
    START_FAILED,
    /** The helper outlived the request's timeout; it and its children were killed. */
    TIMEOUT,
    /** The helper exited with a non-zero status. */
    EXIT_STATUS,
    /** The helper's stdout was not a valid response, or its data not what the input expects. */
    BAD_RESPONSE,
    /** The helper answered {@code success=false}. */
    ACTION_FAILED
  }

  private final Reason reason;

  /** A failure for {@code reason}. */
  public NsEnterException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** A failure for {@code reason} caused by {@code cause}. */
  public NsEnterException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** Why. */
  public Reason reason() {
    return reason;
  }
}
