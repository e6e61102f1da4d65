package io.windlass.manifolds.status;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.windlass.spool.ingest.format.PushParsers;
import io.windlass.spool.ingest.http.HttpIngest;
import io.windlass.spool.ingest.http.IngestStats;
import org.jspecify.annotations.Nullable;

/**
 * Where the {@code http-ingest} worker plugs its {@link HttpIngest} into the status server: the
 * server's push routes use whatever is attached, and answer {@code 503} when nothing is (the spool
 * is not open). So the status server does not depend on the spool, and keeps serving {@code
 * /healthz} while the spool restarts. One per application injector; it also keeps the push counters
 * ({@link IngestStats}) across worker restarts. Thread-safe.
 */
@Singleton
final class IngestSlot {
  private final IngestStats stats = new IngestStats();
  private final PushParsers parsers = new PushParsers(HttpIngest.MAX_CONCURRENT_PUSHES);
  private volatile @Nullable HttpIngest current;

  @Inject
  IngestSlot() {}

  /** The push counters. */
  IngestStats stats() {
    return stats;
  }

  /** The push parsers, kept warm across ingest restarts. */
  PushParsers parsers() {
    return parsers;
  }

  /** Makes {@code ingest} the one the server uses. */
  synchronized void attach(HttpIngest ingest) {
    current = ingest;
  }

  /** Detaches {@code ingest}, if it is still the one attached. */
  synchronized void detach(HttpIngest ingest) {
    if (current == ingest) {
      current = null;
    }
  }

  /** The ingest attached now, or null. */
  @Nullable HttpIngest current() {
    return current;
  }
}
