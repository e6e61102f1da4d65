package io.windlass.manifolds.sockets;

import io.windlass.spool.LineBatchHandler;
import java.util.Collections;
import java.util.List;

/**
 * Answers every line on {@code ingest.sock} with {@value #REPLY}: the handler of a build without
 * the ingest protocol. Removed once {@link IngestSocketWorker#ingestHandler} returns the real one.
 */
final class IngestNotAvailable implements LineBatchHandler {

  /** The answer to every line. */
  static final String REPLY = "error: ingest is not available in this build";

  @Override
  public List<String> handle(List<String> lines) {
    return Collections.nCopies(lines.size(), REPLY);
  }
}
