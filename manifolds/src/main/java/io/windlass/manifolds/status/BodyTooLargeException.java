package io.windlass.manifolds.status;

import java.io.IOException;

/** A request body is larger than the server takes ({@code status.max-body-bytes}): 413. */
final class BodyTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  BodyTooLargeException(String message) {
    super(message);
  }
}
