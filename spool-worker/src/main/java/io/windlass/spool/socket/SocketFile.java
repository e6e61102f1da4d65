package io.windlass.spool.socket;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.ConnectionRefusedSocketException;

/**
 * A listening unix socket placed at a path, and the lock that says it is ours.
 *
 * <p>Placement never shows a half-made socket at the path:
 *
 * <ol>
 *   <li>An exclusive lock on {@code .<name>.lock} beside the socket is taken and held for as long
 *       as the socket is: a running listener holds it, so a second one is refused without
 *       disturbing the first. The lock file stays when the socket is removed (deleting it would let
 *       two processes lock two different files).
 *   <li>If something is at the path: anything but a socket is refused; a socket someone answers on
 *       is refused; a socket no one answers on is stale and will be replaced.
 *   <li>The socket is bound in the private directory {@code .<name>.bind/} (mode 0700, made anew)
 *       beside the path, so no other user can reach it while its mode is still the umask's; its
 *       mode is set to 0600 (0660 with a shared group); a second hard link to it is made in that
 *       directory and renamed over the path in one step.
 * </ol>
 *
 * <p>The bound name {@code .<name>.bind/s} stays while the socket is served: junixsocket checks on
 * every accept that the name it bound still leads to its socket, and closes the server if not. The
 * directory is removed with the socket, or cleared by the next placement after a crash.
 *
 * <p>{@link #remove()} deletes the socket only if the path still leads to the one placed here.
 */
final class SocketFile {

  /**
   * The longest path that fits in a unix socket address: {@code sun_path} holds 108 bytes on Linux
   * (104 on BSD and macOS), including the terminating NUL.
   */
  static final int MAX_PATH_BYTES = 107;

  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;
  private static final Set<PosixFilePermission> PRIVATE_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_AND_GROUP =
      PosixFilePermissions.fromString("rw-rw----");

  /** Serialises placement within this JVM, where file locks cannot tell two callers apart. */
  private static final Object PLACEMENT = new Object();

  private final Path path;
  private final Path bindDirectory;
  private final AFUNIXServerSocket server;
  private final Object fileKey;
  private final long ownerUid;
  private final FileChannel lockChannel;

  private SocketFile(
      Path path,
      Path bindDirectory,
      AFUNIXServerSocket server,
      Object fileKey,
      long ownerUid,
      FileChannel lockChannel) {
    this.path = path;
    this.bindDirectory = bindDirectory;
    this.server = server;
    this.fileKey = fileKey;
    this.ownerUid = ownerUid;
    this.lockChannel = lockChannel;
  }

  /**
   * Places a listening socket at {@code path}.
   *
   * @param probeTimeout how long to wait for an existing socket to answer before calling it live
   * @param group if present, the socket file's group, and the mode is 0660 instead of 0600
   * @throws SocketInUseException if another listener holds the path
   * @throws IOException if the path is unusable or placement fails
   */
  static SocketFile place(Path path, int backlog, Duration probeTimeout, OptionalLong group)
      throws IOException {
    Path target = path.toAbsolutePath().normalize();
    Path dir = Objects.requireNonNull(target.getParent(), "socket path has no directory");
    String name = target.getFileName().toString();
    Path bindDirectory = dir.resolve("." + name + ".bind");
    checkLength(target, target);
    checkLength(target, bindDirectory.resolve("s"));
    synchronized (PLACEMENT) {
      FileChannel lockChannel = openLockFile(dir.resolve("." + name + ".lock"));
      try {
        lock(lockChannel, target);
        checkExisting(target, probeTimeout);
        return bind(target, bindDirectory, backlog, group, lockChannel);
      } catch (IOException | RuntimeException | Error e) {
        closeQuietly(lockChannel, e);
        throw e;
      }
    }
  }

  /** The listening socket. */
  AFUNIXServerSocket server() {
    return server;
  }

  /** The socket's path, absolute. */
  Path path() {
    return path;
  }

  /** The user id that owns the socket file: the agent's own. */
  long ownerUid() {
    return ownerUid;
  }

  /** Whether the path still leads to the socket placed here. */
  boolean isOurs() {
    try {
      return fileKey.equals(fileKey(path));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Deletes the socket file if it is still ours, and the bind directory, and releases the lock.
   * Close the server socket first.
   */
  void remove() throws IOException {
    try {
      if (isOurs()) {
        Files.deleteIfExists(path);
      }
      deleteBindDirectory(bindDirectory);
    } finally {
      lockChannel.close(); // releases the lock
    }
  }

  @Override
  public String toString() {
    return path.toString();
  }

  private static void checkLength(Path target, Path bound) throws IOException {
    String problem = lengthProblem(target, bound);
    if (problem != null) {
      throw new IOException(problem);
    }
  }

  /**
   * Why a socket cannot be placed at {@code path} because its names do not fit a unix socket
   * address, or null if they fit.
   */
  static @Nullable String lengthProblem(Path path) {
    Path target = path.toAbsolutePath().normalize();
    Path dir = target.getParent();
    if (dir == null) {
      return "socket path " + target + " has no directory";
    }
    String problem = lengthProblem(target, target);
    return problem != null
        ? problem
        : lengthProblem(target, dir.resolve("." + target.getFileName() + ".bind").resolve("s"));
  }

  private static @Nullable String lengthProblem(Path target, Path bound) {
    int bytes = bound.toString().getBytes(StandardCharsets.UTF_8).length;
    if (bytes <= MAX_PATH_BYTES) {
      return null;
    }
    return "socket path "
        + target
        + " is too long: it is bound as "
        + bound
        + ", "
        + bytes
        + " bytes, and a unix socket path holds at most "
        + MAX_PATH_BYTES;
  }

  private static FileChannel openLockFile(Path lockPath) throws IOException {
    return FileChannel.open(
        lockPath,
        Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
        PosixFilePermissions.asFileAttribute(OWNER_ONLY));
  }

  private static void lock(FileChannel lockChannel, Path target) throws IOException {
    FileLock lock;
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      throw new SocketInUseException(
          "socket " + target + " is in use: another listener holds its lock file");
    }
  }

  private static void checkExisting(Path target, Duration probeTimeout) throws IOException {
    int mode;
    try {
      mode = (Integer) Files.getAttribute(target, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return;
    }
    if ((mode & S_IFMT) != S_IFSOCK) {
      throw new IOException(target + " exists and is not a socket; refusing to replace it");
    }
    try (AFUNIXSocket probe = AFUNIXSocket.newInstance()) {
      probe.connect(AFUNIXSocketAddress.of(target), timeoutMillis(probeTimeout));
    } catch (ConnectionRefusedSocketException e) {
      return; // stale: no one listens; the rename will replace it
    } catch (SocketTimeoutException e) {
      throw new SocketInUseException(
          "socket " + target + " is in use: a listener exists but did not accept in time", e);
    } catch (SocketException e) {
      if (Files.notExists(target, LinkOption.NOFOLLOW_LINKS)) {
        return; // removed meanwhile
      }
      throw new IOException("cannot tell whether socket " + target + " is in use: " + e, e);
    }
    throw new SocketInUseException(
        "socket " + target + " is in use: another process is listening on it");
  }

  private static SocketFile bind(
      Path target, Path bindDirectory, int backlog, OptionalLong group, FileChannel lockChannel)
      throws IOException {
    deleteBindDirectory(bindDirectory); // left by a listener that did not stop cleanly
    Files.createDirectory(bindDirectory, PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
    Path bound = bindDirectory.resolve("s");
    Path link = bindDirectory.resolve("t");
    AFUNIXServerSocket server = AFUNIXServerSocket.newInstance();
    try {
      server.setDeleteOnClose(false); // remove() deletes the file, and only if it is ours
      server.bind(AFUNIXSocketAddress.of(bound), backlog);
      if (group.isPresent()) {
        Files.setAttribute(bound, "unix:gid", (int) group.getAsLong(), LinkOption.NOFOLLOW_LINKS);
      }
      Files.setPosixFilePermissions(bound, group.isPresent() ? OWNER_AND_GROUP : OWNER_ONLY);
      Object fileKey = Objects.requireNonNull(fileKey(bound), "no file key for sockets");
      long ownerUid =
          ((Integer) Files.getAttribute(bound, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
      Files.createLink(link, bound);
      try {
        Files.move(link, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot rename a socket into " + target + " atomically", e);
      }
      return new SocketFile(target, bindDirectory, server, fileKey, ownerUid, lockChannel);
    } catch (IOException | RuntimeException | Error e) {
      closeQuietly(server, e);
      try {
        deleteBindDirectory(bindDirectory);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private static void deleteBindDirectory(Path bindDirectory) throws IOException {
    if (!Files.isDirectory(bindDirectory, LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(bindDirectory);
      return;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(bindDirectory)) {
      for (Path entry : entries) {
        Files.deleteIfExists(entry);
      }
    }
    Files.deleteIfExists(bindDirectory);
  }

  private static Object fileKey(Path path) throws IOException {
    return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        .fileKey();
  }

  private static int timeoutMillis(Duration timeout) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
  }

  private static void closeQuietly(AutoCloseable closeable, Throwable failure) {
    try {
      closeable.close();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }
}
