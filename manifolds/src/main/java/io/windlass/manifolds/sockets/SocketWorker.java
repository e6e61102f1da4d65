package io.windlass.manifolds.sockets;

import com.google.common.collect.ImmutableMap;
import com.google.common.util.concurrent.AbstractService;
import com.google.common.util.concurrent.MoreExecutors;
import io.windlass.engine.Reporter;
import io.windlass.manifolds.config.AgentConfig;
import io.windlass.manifolds.config.SocketSettings;
import io.windlass.spool.socket.ConnectionHandler;
import io.windlass.spool.socket.SocketListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Adapts a {@link SocketListener} to the engine: a socket manifold's worker. It places the socket
 * directory ({@link SocketDirectory}) and then runs the listener, whose state it follows: it is
 * RUNNING once the socket is served, stops it when stopped, and fails with it. Single-use, like the
 * listener.
 *
 * <p>Each socket manifold has its own small subclass, whose injected constructor chooses the file
 * name and the connection handler; what it injects decides the manifold's inputs.
 */
abstract class SocketWorker extends AbstractService implements Reporter {
  private final String name;
  private final Path directory;
  private final SocketListener listener;

  SocketWorker(String name, AgentConfig config, String fileName, ConnectionHandler handler) {
    this.name = name;
    this.directory = config.agent().socketDirectory();
    this.listener =
        new SocketListener(
            directory.resolve(fileName), handler, listenerSettings(config.sockets()));
  }

  /** The listener settings the config's {@code sockets} section asks for. */
  static SocketListener.Settings listenerSettings(SocketSettings sockets) {
    SocketListener.Settings settings =
        SocketListener.Settings.defaults()
            .withTimeout(sockets.timeout())
            .withMaxConnections(sockets.maxConnections());
    if (sockets.allowedGid().isPresent()) {
      settings = settings.withSharedGroup(sockets.allowedGid().getAsInt());
    }
    return settings;
  }

  /** The longest request line the config allows, in bytes. */
  static int maxLineLength(SocketSettings sockets) {
    return Math.toIntExact(sockets.maxLineLength().bytes());
  }

  /** The socket's path. */
  final Path path() {
    return listener.path();
  }

  @Override
  protected final void doStart() {
    try {
      SocketDirectory.prepare(directory, listener.settings().sharedGroup());
    } catch (IOException | RuntimeException e) {
      notifyFailed(e);
      return;
    }
    listener.addListener(
        new Listener() {
          @Override
          public void running() {
            notifyStarted();
          }

          @Override
          public void terminated(State from) {
            notifyStopped();
          }

          @Override
          public void failed(State from, Throwable failure) {
            notifyFailed(failure);
          }
        },
        MoreExecutors.directExecutor());
    listener.startAsync();
  }

  @Override
  protected final void doStop() {
    listener.stopAsync();
  }

  /** The socket's path and the connections being served. */
  @Override
  public Map<String, Object> report() {
    return ImmutableMap.of(
        "socket", listener.path().toString(),
        "connections", listener.connectionsInProgress());
  }

  @Override
  public final String toString() {
    return name + " [" + state() + "]";
  }
}
