package io.windlass.manifolds.agent;

import java.io.IOException;

/**
 * The agent cannot use its data directory: it is not a directory, not the agent user's, not
 * writable, in use by another agent, holds a link where the agent keeps its spool or sockets, or is
 * too deep for the sockets' paths. The message is one sentence naming the directory, fit to show an
 * operator as is.
 */
public final class UnusableDataDirectoryException extends IOException {

  UnusableDataDirectoryException(String message) {
    super(message);
  }

  UnusableDataDirectoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
