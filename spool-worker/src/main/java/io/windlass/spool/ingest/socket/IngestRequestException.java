package io.windlass.spool.ingest.socket;

/**
 * A request line of the ingest protocol that cannot be parsed; the message says what is wrong with
 * it and becomes the line's {@code error: <message>} reply. It carries no stack trace: it is an
 * answer to a client, not a fault of the agent, and malformed lines may be frequent.
 */
public final class IngestRequestException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A malformed request, described by {@code message}. */
  public IngestRequestException(String message) {
    super(message, null, false, false);
  }
}
