package io.windlass.spool.ingest.http;

/**
 * A pushed body of a binary format that cannot be stored as sent: malformed, truncated, or holding
 * something refused (a sample out of the time bounds, a series the spool refuses). Answered {@code
 * 400} with the message, which names what is wrong and, where there is one, the series.
 */
public final class MalformedPushException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedPushException(String message) {
    super(message);
  }

  public MalformedPushException(String message, Throwable cause) {
    super(message, cause);
  }
}
