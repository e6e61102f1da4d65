package io.windlass.spool.socket;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.AbstractExecutionThreadService;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a unix domain socket: accepts connections and hands each to a {@link ConnectionHandler} on
 * a bounded pool of threads. A worker (a Guava service); single-use.
 *
 * <p><b>Start.</b> {@code startUp} places the socket file (see below) and fails the start with a
 * {@link SocketInUseException} if another listener holds the path, or with an {@link IOException}
 * if the path is unusable. Once RUNNING, clients can connect.
 *
 * <p><b>The socket file</b> appears at the path in one step with mode 0600 — or 0660 and the given
 * group, see {@link Settings#withSharedGroup(long)} — so there is no moment at which it is missing
 * (when it replaces a stale file) or reachable with a wider mode: the socket is bound in a private
 * directory {@code .<name>.bind/} (mode 0700) beside the path, its mode set, and a hard link to it
 * renamed over the path. A stale socket file, one nobody answers on, is replaced; a live one is
 * left alone and the start fails, as it does for anything else at the path. A hidden lock file
 * {@code .<name>.lock} beside the socket is held while the listener runs, so a second listener is
 * refused without connecting to the first; it stays after the listener stops. The bound name, which
 * is the path's directory plus {@code /.<name>.bind/s} (8 bytes longer than the path), must fit a
 * unix socket address: {@value SocketFile#MAX_PATH_BYTES} bytes. Keep sockets out of the spool
 * directory itself.
 *
 * <p><b>Each connection</b> is admitted in this order, on the accepting thread:
 *
 * <ol>
 *   <li>the peer's credentials (uid, gid, pid from the kernel) must satisfy the {@link PeerPolicy}
 *       (default: the agent's own user; with a shared group, also its members, supplementary ones
 *       included); otherwise it gets {@code error: permission denied}, which {@link
 *       SocketConnector} turns into a "permission denied" for the client;
 *   <li>fewer than {@link Settings#maxConnections()} connections may be in progress; otherwise it
 *       gets {@code error: too many connections};
 * </ol>
 *
 * <p>and a refused connection gets end of stream after that one line. Its input is then read and
 * discarded, on one of {@value #REFUSAL_DRAINERS} threads and not the accepting one, until the
 * client closes its end, up to {@value #MAX_DISCARDED_BYTES} bytes or {@link Settings#timeout()},
 * and only then is the connection closed: a client that is still writing its request must not have
 * it fail with a broken pipe, since junixsocket then closes the whole socket and the unread refusal
 * with it. Up to {@value #MAX_REFUSALS_WAITING} more refused connections wait for a thread; beyond
 * those, one is closed at once. An admitted connection is served on a pool thread and closed when
 * its handler returns, or at its deadline, {@link Settings#timeout()} after acceptance (see {@link
 * Connection}), whichever comes first.
 *
 * <p><b>Stop</b> closes the server socket (no new connections), removes the socket file if it is
 * still ours, and shuts the input of every connection in progress, so a handler sees end of stream
 * after the requests it has already read; it then waits up to {@link Settings#stopTimeout()} for
 * the handlers, closes whatever connections remain (and the refused ones still being read), and
 * waits as long again before it gives up on their threads (logged). The service then terminates.
 *
 * <p><b>Failure.</b> If accepting fails for another reason than stopping (the process ran out of
 * file descriptors; the bound name was deleted, which makes junixsocket close the server socket),
 * the listener fails with that error, after the same clean-up, so its supervisor restarts it with
 * backoff and the new listener places a fresh socket.
 */
public final class SocketListener extends AbstractExecutionThreadService {

  /** The default per-connection deadline, as in Juju: 3 s. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

  /** The default limit on connections served at once. */
  public static final int DEFAULT_MAX_CONNECTIONS = 16;

  /** The default time stop waits for connections in progress. */
  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(5);

  static final String PERMISSION_DENIED = "error: permission denied";
  static final String TOO_MANY_CONNECTIONS = "error: too many connections";

  private static final Logger logger = LoggerFactory.getLogger(SocketListener.class);
  private static final int BACKLOG = 50;

  /** Threads that read and discard refused connections' input. */
  static final int REFUSAL_DRAINERS = 2;

  /** Refused connections that may wait for a drainer thread. */
  static final int MAX_REFUSALS_WAITING = BACKLOG;

  /** The most input discarded from a refused connection before it is closed. */
  static final int MAX_DISCARDED_BYTES = 4 * 1024 * 1024;

  /**
   * How a listener serves its socket.
   *
   * @param timeout each connection's deadline after acceptance (or renewal); > 0
   * @param maxConnections connections served at once; the pool has this many threads; >= 1
   * @param stopTimeout how long stop waits for connections in progress; > 0
   * @param peerPolicy who may connect
   * @param sharedGroup if present, the socket file's group; the file's mode is then 0660 instead of
   *     0600, so the group can connect (the policy must let it in too)
   */
  public record Settings(
      Duration timeout,
      int maxConnections,
      Duration stopTimeout,
      PeerPolicy peerPolicy,
      OptionalLong sharedGroup) {

    /** Checks every field. */
    public Settings {
      requireNonNull(timeout, "timeout");
      requireNonNull(stopTimeout, "stopTimeout");
      requireNonNull(peerPolicy, "peerPolicy");
      requireNonNull(sharedGroup, "sharedGroup");
      checkArgument(positive(timeout), "timeout %s must be > 0", timeout);
      checkArgument(maxConnections >= 1, "maxConnections %s must be >= 1", maxConnections);
      checkArgument(positive(stopTimeout), "stopTimeout %s must be > 0", stopTimeout);
      checkArgument(
          sharedGroup.isEmpty() || sharedGroup.getAsLong() >= 0,
          "sharedGroup %s must be >= 0",
          sharedGroup);
    }

    /**
     * {@link #DEFAULT_TIMEOUT}, {@link #DEFAULT_MAX_CONNECTIONS}, {@link #DEFAULT_STOP_TIMEOUT},
     * {@link PeerPolicy#sameUser()}, no shared group.
     */
    public static Settings defaults() {
      return new Settings(
          DEFAULT_TIMEOUT,
          DEFAULT_MAX_CONNECTIONS,
          DEFAULT_STOP_TIMEOUT,
          PeerPolicy.sameUser(),
          OptionalLong.empty());
    }

    public Settings withTimeout(Duration timeout) {
      return new Settings(timeout, maxConnections, stopTimeout, peerPolicy, sharedGroup);
    }

    public Settings withMaxConnections(int maxConnections) {
      return new Settings(timeout, maxConnections, stopTimeout, peerPolicy, sharedGroup);
    }

    public Settings withStopTimeout(Duration stopTimeout) {
      return new Settings(timeout, maxConnections, stopTimeout, peerPolicy, sharedGroup);
    }

    public Settings withPeerPolicy(PeerPolicy peerPolicy) {
      return new Settings(timeout, maxConnections, stopTimeout, peerPolicy, sharedGroup);
    }

    /**
     * Lets members of group {@code gid} connect as well as the agent's user: the socket file gets
     * that group and mode 0660, and the policy becomes {@link PeerPolicy#sameUserOrGroups}.
     */
    public Settings withSharedGroup(long gid) {
      return new Settings(
          timeout,
          maxConnections,
          stopTimeout,
          PeerPolicy.sameUserOrGroups(Set.of(gid)),
          OptionalLong.of(gid));
    }

    private static boolean positive(Duration duration) {
      return !duration.isNegative() && !duration.isZero();
    }
  }

  private final Path path;
  private final ConnectionHandler handler;
  private final Settings settings;
  private final Semaphore slots;
  private final Set<Connection> inProgress = ConcurrentHashMap.newKeySet();
  private final Set<AFUNIXSocket> refused = ConcurrentHashMap.newKeySet();

  private volatile @Nullable SocketFile socketFile;
  private @Nullable ThreadPoolExecutor pool;
  private @Nullable ScheduledThreadPoolExecutor watchdog;
  private @Nullable ThreadPoolExecutor drainers;

  /** A listener on {@code path} with {@link Settings#defaults()}. */
  public SocketListener(Path path, ConnectionHandler handler) {
    this(path, handler, Settings.defaults());
  }

  public SocketListener(Path path, ConnectionHandler handler, Settings settings) {
    this.path = requireNonNull(path, "path");
    this.handler = requireNonNull(handler, "handler");
    this.settings = requireNonNull(settings, "settings");
    this.slots = new Semaphore(settings.maxConnections());
  }

  /**
   * Why no listener can serve a socket at {@code path} because the path is too long for a unix
   * socket address (see the class description), or empty if its length is fine. Lets a caller
   * refuse such a path before it starts anything.
   */
  public static Optional<String> pathProblem(Path path) {
    return Optional.ofNullable(SocketFile.lengthProblem(path));
  }

  /** The socket's path, as given. */
  public Path path() {
    return path;
  }

  public Settings settings() {
    return settings;
  }

  /** How many connections are being served now. */
  public int connectionsInProgress() {
    return inProgress.size();
  }

  @Override
  protected String serviceName() {
    return "SocketListener " + path;
  }

  @Override
  protected void startUp() throws IOException {
    String name = path.getFileName().toString();
    ThreadPoolExecutor connections =
        new ThreadPoolExecutor(
            settings.maxConnections(),
            settings.maxConnections(),
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemonThreads("windlass-" + name + "-connection-%d"));
    connections.allowCoreThreadTimeOut(true);
    ScheduledThreadPoolExecutor deadlines =
        new ScheduledThreadPoolExecutor(1, daemonThreads("windlass-" + name + "-deadlines"));
    deadlines.setRemoveOnCancelPolicy(true);
    ThreadPoolExecutor refusals =
        new ThreadPoolExecutor(
            REFUSAL_DRAINERS,
            REFUSAL_DRAINERS,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(MAX_REFUSALS_WAITING),
            daemonThreads("windlass-" + name + "-refusals-%d"));
    refusals.allowCoreThreadTimeOut(true);
    try {
      socketFile = SocketFile.place(path, BACKLOG, settings.timeout(), settings.sharedGroup());
    } catch (IOException | RuntimeException | Error e) {
      connections.shutdownNow();
      deadlines.shutdownNow();
      refusals.shutdownNow();
      throw e;
    }
    pool = connections;
    watchdog = deadlines;
    drainers = refusals;
    logger.debug("listening on {}", socketFile);
  }

  @Override
  protected void run() throws IOException {
    AFUNIXServerSocket server = requireNonNull(socketFile).server();
    while (isRunning()) {
      AFUNIXSocket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (!isRunning()) {
          return; // stopping: triggerShutdown closed the server socket
        }
        throw e;
      }
      admit(socket);
    }
  }

  @Override
  protected void triggerShutdown() {
    SocketFile file = socketFile;
    if (file != null) {
      closeQuietly(file.server());
    }
  }

  @Override
  protected void shutDown() throws IOException {
    SocketFile file = requireNonNull(socketFile);
    closeQuietly(file.server());
    IOException removal = null;
    try {
      file.remove();
    } catch (IOException e) {
      removal = e;
    }
    drainConnections();
    requireNonNull(watchdog).shutdownNow();
    requireNonNull(drainers).shutdownNow();
    new ArrayList<>(refused).forEach(SocketListener::closeQuietly);
    if (removal != null) {
      throw removal;
    }
  }

  private void admit(AFUNIXSocket socket) {
    PeerCredentials peer;
    try {
      peer = PeerCredentials.of(socket.getPeerCredentials());
    } catch (IOException e) {
      logger.warn("{}: cannot read the credentials of a new connection; closing it", path, e);
      closeQuietly(socket);
      return;
    }
    if (!settings.peerPolicy().permits(peer, requireNonNull(socketFile).ownerUid())) {
      logger.warn(
          "{}: refused a connection from pid {} uid {} gids {}",
          path,
          peer.pid(),
          peer.uid(),
          peer.gids());
      refuse(socket, PERMISSION_DENIED);
      return;
    }
    if (!slots.tryAcquire()) {
      logger.warn(
          "{}: refused a connection from pid {}: {} connections in progress",
          path,
          peer.pid(),
          settings.maxConnections());
      refuse(socket, TOO_MANY_CONNECTIONS);
      return;
    }
    Connection connection;
    try {
      connection = new Connection(socket, peer, settings.timeout(), requireNonNull(watchdog));
    } catch (IOException e) {
      slots.release();
      logger.warn("{}: cannot open a new connection's streams", path, e);
      closeQuietly(socket);
      return;
    }
    inProgress.add(connection);
    connection.watchDeadline();
    try {
      requireNonNull(pool).execute(() -> serve(connection));
    } catch (RejectedExecutionException e) {
      finish(connection);
    }
  }

  private void serve(Connection connection) {
    try {
      handler.handle(connection);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      logger.warn("{}: {} interrupted", path, connection);
    } catch (Exception e) {
      if (connection.isCutOff()) {
        logger.debug("{}: {} cut off at its deadline", path, connection, e);
      } else if (e instanceof IOException) {
        logger.debug("{}: {} failed", path, connection, e);
      } else {
        logger.warn("{}: handling {} failed", path, connection, e);
      }
    } finally {
      finish(connection);
    }
  }

  private void finish(Connection connection) {
    connection.close();
    if (inProgress.remove(connection)) {
      slots.release();
    }
  }

  private void drainConnections() {
    ThreadPoolExecutor connections = requireNonNull(pool);
    connections.shutdown();
    List<Connection> open = new ArrayList<>(inProgress);
    open.forEach(Connection::shutdownInput);
    try {
      if (connections.awaitTermination(settings.stopTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
        return;
      }
      logger.warn(
          "{}: {} connections still in progress after {}; closing them",
          path,
          inProgress.size(),
          settings.stopTimeout());
      new ArrayList<>(inProgress).forEach(Connection::close);
      connections.shutdownNow();
      if (!connections.awaitTermination(settings.stopTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
        logger.warn("{}: abandoning connection threads that do not stop", path);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      new ArrayList<>(inProgress).forEach(Connection::close);
      connections.shutdownNow();
    }
  }

  /**
   * Sends {@code line} and the end of stream, then hands the connection to a drainer, which closes
   * it (see the class description). Runs on the accepting thread, and never waits on the client.
   */
  private void refuse(AFUNIXSocket socket, String line) {
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    try {
      OutputStream out = socket.getOutputStream();
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      socket.shutdownOutput();
    } catch (IOException e) {
      logger.debug("{}: could not tell a refused client why", path, e);
      closeQuietly(socket);
      return;
    }
    refused.add(socket);
    try {
      requireNonNull(drainers).execute(() -> drainAndClose(socket, deadline));
    } catch (RejectedExecutionException e) {
      logger.debug("{}: too many refused connections being read; closing one at once", path);
      refused.remove(socket);
      closeQuietly(socket);
    }
  }

  /**
   * Reads and discards what a refused client sends until it closes its end, {@code deadline}
   * ({@link System#nanoTime()}) passes, or {@link #MAX_DISCARDED_BYTES} have come; then closes.
   */
  private void drainAndClose(AFUNIXSocket socket, long deadline) {
    try {
      InputStream in = socket.getInputStream();
      byte[] discarded = new byte[8192];
      long total = 0;
      while (total <= MAX_DISCARDED_BYTES) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
        int n = in.read(discarded);
        if (n < 0) {
          break;
        }
        total += n;
      }
    } catch (IOException e) {
      logger.debug("{}: a refused connection ended", path, e);
    } finally {
      refused.remove(socket);
      closeQuietly(socket);
    }
  }

  private static ThreadFactory daemonThreads(String nameFormat) {
    return new ThreadFactoryBuilder().setNameFormat(nameFormat).setDaemon(true).build();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      logger.debug("closing {} failed", closeable, e);
    }
  }
}
