package io.windlass.spool.ingest.http;

import java.io.IOException;

/** A request body is larger than the server takes ({@code status.max-body-bytes}): 413. */
public final class BodyTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  public BodyTooLargeException(String message) {
    super(message);
  }
}
