package io.windlass.manifolds.agent;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One agent per data directory: an exclusive lock on {@value #FILE} in the data directory, which
 * also names the holder's pid, so a second agent is refused at once and told whom to stop.
 *
 * <p>File locks belong to processes, so within one process the lock is counted: {@code windlass
 * run} takes it before the engine starts, the {@code agent} manifold takes it for the config it
 * loads, and the file is unlocked when the last holder closes (or the process ends, when the kernel
 * releases it, whatever way it ends). The file stays; its content is only a hint.
 */
public final class DataDirectoryLock implements Closeable {

  /** The lock file's name in the data directory. */
  public static final String FILE = "agent.lock";

  /** Held locks by real data directory, across this process. */
  private static final Map<Path, Held> HELD = new HashMap<>();

  private static final class Held {
    final FileChannel channel;
    int holders = 1;

    Held(FileChannel channel) {
      this.channel = channel;
    }
  }

  private final Path directory;
  private boolean closed;

  private DataDirectoryLock(Path directory) {
    this.directory = directory;
  }

  /**
   * Locks {@code dataDir} (which must exist) for this process, or counts one more holder if this
   * process holds it.
   *
   * @throws UnusableDataDirectoryException another process holds it, or the lock file cannot be
   *     opened (it is a link, or another user's)
   */
  public static DataDirectoryLock acquire(Path dataDir) throws UnusableDataDirectoryException {
    Path real = realPath(dataDir);
    synchronized (HELD) {
      Held held = HELD.get(real);
      if (held != null) {
        held.holders++;
        return new DataDirectoryLock(real);
      }
      FileChannel channel = open(real);
      try {
        FileLock lock = tryLock(channel);
        if (lock == null) {
          throw inUse(real, readPid(channel));
        }
        byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(pid), 0);
      } catch (IOException | RuntimeException e) {
        closeQuietly(channel);
        if (e instanceof UnusableDataDirectoryException unusable) {
          throw unusable;
        }
        throw new UnusableDataDirectoryException(
            "cannot lock data directory " + real + ": " + e.getMessage(), e);
      }
      HELD.put(real, new Held(channel));
      return new DataDirectoryLock(real);
    }
  }

  /**
   * Why this process could not take {@code dataDir}'s lock now, or empty if it could (it holds it
   * already, or nobody does). Takes and releases the lock to find out.
   */
  public static Optional<String> problem(Path dataDir) {
    try (DataDirectoryLock lock = acquire(dataDir)) {
      return Optional.empty();
    } catch (UnusableDataDirectoryException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** Releases this hold; the lock once the last holder in the process has released it. */
  @Override
  public void close() {
    synchronized (HELD) {
      if (closed) {
        return;
      }
      closed = true;
      Held held = HELD.get(directory);
      if (held == null || --held.holders > 0) {
        return;
      }
      HELD.remove(directory);
      closeQuietly(held.channel); // releases the lock
    }
  }

  private static Path realPath(Path dataDir) throws UnusableDataDirectoryException {
    try {
      return dataDir.toRealPath();
    } catch (IOException e) {
      throw new UnusableDataDirectoryException(
          "data directory " + dataDir + " cannot be used: " + DataDirectory.reason(e), e);
    }
  }

  private static FileChannel open(Path real) throws UnusableDataDirectoryException {
    Path file = real.resolve(FILE);
    try {
      return FileChannel.open(
          file,
          Set.of(
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (IOException e) {
      String reason =
          Files.isSymbolicLink(file)
              ? "it is a symbolic link, which the agent does not follow"
              : DataDirectory.reason(e);
      throw new UnusableDataDirectoryException("cannot open " + file + ": " + reason, e);
    }
  }

  private static @Nullable FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held by this process, outside this class
    }
  }

  private static UnusableDataDirectoryException inUse(Path real, Optional<Long> pid) {
    return new UnusableDataDirectoryException(
        "data directory "
            + real
            + " is in use by another agent"
            + pid.map(p -> " (pid " + p + ")").orElse("")
            + ": stop it first, or give this agent its own data directory (--data-dir)");
  }

  private static Optional<Long> readPid(FileChannel channel) {
    try {
      ByteBuffer buffer = ByteBuffer.allocate(32);
      channel.read(buffer, 0);
      String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
      return Optional.of(Long.parseLong(text.strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Closing releases the lock whatever it throws.
    }
  }
}
