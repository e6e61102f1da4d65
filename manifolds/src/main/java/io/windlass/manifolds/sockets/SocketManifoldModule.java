package io.windlass.manifolds.sockets;

import com.google.inject.Scopes;
import io.windlass.engine.ManifoldModule;

/**
 * Declares the socket manifolds, each serving one socket in {@code <data-dir>/run/}, and binds
 * {@link TriggerTargets} as a singleton:
 *
 * <ul>
 *   <li>{@value #COLLECT_SOCKET} ({@value #COLLECT_SOCKET_FILE}) and {@value #SEND_SOCKET} ({@value
 *       #SEND_SOCKET_FILE}), trigger sockets; inputs: {@code agent};
 *   <li>{@value #INGEST_SOCKET} ({@value #INGEST_SOCKET_FILE}), the line protocol into the spool;
 *       inputs: {@code agent}, {@code spool}.
 * </ul>
 *
 * <p>Install it with {@code AgentManifoldModule} and {@code SpoolManifoldModule}.
 */
public final class SocketManifoldModule extends ManifoldModule {

  public static final String COLLECT_SOCKET = "collect-socket";
  public static final String SEND_SOCKET = "send-socket";
  public static final String INGEST_SOCKET = "ingest-socket";

  public static final String COLLECT_SOCKET_FILE = "collect.sock";
  public static final String SEND_SOCKET_FILE = "send.sock";
  public static final String INGEST_SOCKET_FILE = "ingest.sock";

  @Override
  protected void configureManifolds() {
    bind(TriggerTargets.class).in(Scopes.SINGLETON);

    manifold(COLLECT_SOCKET).worker(CollectSocketWorker.class);
    manifold(SEND_SOCKET).worker(SendSocketWorker.class);
    manifold(INGEST_SOCKET).worker(IngestSocketWorker.class);
  }
}
