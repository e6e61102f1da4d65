package io.windlass.spool;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
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
 *   <li>An exclusive lock on {@code .<name>.lock} beside the socket, held for as long as the socket
 *       is: a running agent holds it, so a second one is refused without disturbing the first. The
 *       lock file is left in place when the socket is removed (deleting it would let two processes
 *       lock two different files).
 *   <li>If something is at the path: anything but a socket is refused; a socket someone answers on
 *       is refused; a socket no one answers on is stale and will be replaced.
 *   <li>The socket is bound in a new private directory (mode 0700) in the same directory, so no
 *       other user can reach it while its mode is still the umask's; its mode is then set to 0600
 *       (0660 with a shared group), and it is renamed over the path in one step.
 * </ol>
 *
 * <p>{@link #remove()} deletes the file only if it is still the one placed here.
 */
final class SocketFile implements AutoCloseable {

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
  private static final int TEMP_NAME_LENGTH = 6;
  private static final String TEMP_NAME_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Serialises placement within this JVM, where file locks cannot tell two callers apart. */
  private static final Object PLACEMENT = new Object();

  private final Path path;
  private final AFUNIXServerSocket server;
  private final Object fileKey;
  private final long ownerUid;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private SocketFile(
      Path path,
      AFUNIXServerSocket server,
      Object fileKey,
      long ownerUid,
      FileChannel lockChannel,
      FileLock lock) {
    this.path = path;
    this.server = server;
    this.fileKey = fileKey;
    this.ownerUid = ownerUid;
    this.lockChannel = lockChannel;
    this.lock = lock;
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
    checkLength(target, target);
    checkLength(target, dir.resolve("." + "x".repeat(TEMP_NAME_LENGTH)).resolve("s"));
    synchronized (PLACEMENT) {
      Path lockPath = dir.resolve("." + target.getFileName() + ".lock");
      FileChannel lockChannel = openLockFile(lockPath);
      try {
        FileLock lock = tryLock(lockChannel, target);
        checkExisting(target, probeTimeout);
        return bind(target, dir, backlog, group, lockChannel, lock);
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

  /** Whether the file at the path is the one placed here. */
  boolean isOurs() {
    try {
      Object key =
          Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
              .fileKey();
      return fileKey.equals(key);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Deletes the socket file if it is still ours and releases the lock. The server socket must be
   * closed first; this does not close it.
   */
  void remove() throws IOException {
    try {
      if (isOurs()) {
        Files.deleteIfExists(path);
      }
    } finally {
      lockChannel.close(); // releases the lock
    }
  }

  @Override
  public void close() throws IOException {
    try {
      server.close();
    } finally {
      remove();
    }
  }

  private static void checkLength(Path target, Path bound) throws IOException {
    int bytes = bound.toString().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_PATH_BYTES) {
      throw new IOException(
          "socket path "
              + target
              + " is too long: binding it takes "
              + bound
              + ", "
              + bytes
              + " bytes, and a unix socket path holds at most "
              + MAX_PATH_BYTES);
    }
  }

  private static FileChannel openLockFile(Path lockPath) throws IOException {
    return FileChannel.open(
        lockPath,
        Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
        PosixFilePermissions.asFileAttribute(OWNER_ONLY));
  }

  private static FileLock tryLock(FileChannel lockChannel, Path target) throws IOException {
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
    return lock;
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
      Path target,
      Path dir,
      int backlog,
      OptionalLong group,
      FileChannel lockChannel,
      FileLock lock)
      throws IOException {
    Path privateDir = createPrivateDirectory(dir);
    Path temp = privateDir.resolve("s");
    AFUNIXServerSocket server = AFUNIXServerSocket.newInstance();
    try {
      server.setDeleteOnClose(false); // remove() deletes the file, and only if it is ours
      server.bind(AFUNIXSocketAddress.of(temp), backlog);
      if (group.isPresent()) {
        Files.setAttribute(temp, "unix:gid", (int) group.getAsLong(), LinkOption.NOFOLLOW_LINKS);
      }
      Files.setPosixFilePermissions(temp, group.isPresent() ? OWNER_AND_GROUP : OWNER_ONLY);
      BasicFileAttributes attributes =
          Files.readAttributes(temp, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      Object fileKey = Objects.requireNonNull(attributes.fileKey(), "no file key for sockets");
      long ownerUid =
          ((Integer) Files.getAttribute(temp, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot rename a socket into " + target + " atomically", e);
      }
      return new SocketFile(target, server, fileKey, ownerUid, lockChannel, lock);
    } catch (IOException | RuntimeException | Error e) {
      closeQuietly(server, e);
      throw e;
    } finally {
      Files.deleteIfExists(temp);
      Files.deleteIfExists(privateDir);
    }
  }

  private static Path createPrivateDirectory(Path dir) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path candidate = dir.resolve("." + randomName());
      try {
        return Files.createDirectory(
            candidate, PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 10) {
          throw e;
        }
      }
    }
  }

  /** Six random characters: enough to be unique in one directory, short enough for sun_path. */
  private static String randomName() {
    StringBuilder name = new StringBuilder(TEMP_NAME_LENGTH);
    for (int i = 0; i < TEMP_NAME_LENGTH; i++) {
      name.append(TEMP_NAME_ALPHABET.charAt(RANDOM.nextInt(TEMP_NAME_ALPHABET.length())));
    }
    return name.toString();
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

  @Override
  public String toString() {
    return path.toString() + (lock.isValid() ? "" : " (removed)");
  }
}
