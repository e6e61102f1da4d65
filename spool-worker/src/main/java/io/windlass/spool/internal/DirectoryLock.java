package io.windlass.spool.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a process opening a spool whether any other process has it open, so leftovers of a crash
 * can be removed at once rather than after a grace period.
 *
 * <p>Every process holds a shared lock on the hidden file {@link BatchNames#LOCK_FILE} while it has
 * the spool open. Opening first tries an exclusive lock: if that succeeds nobody else is writing,
 * and the opener's {@code whileAlone} action runs under it; then the lock is downgraded to shared.
 * Within one JVM the lock is counted per directory, since file locks belong to processes. Where
 * file locks are not supported the spool still works, but never assumes it is alone.
 */
public final class DirectoryLock implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryLock.class);

  /** Held locks by real directory path, across this JVM. */
  private static final Map<Path, Held> HELD = new HashMap<>();

  /** Work to do while no other process uses the directory. */
  @FunctionalInterface
  public interface AloneAction {
    /** Runs under the exclusive lock. */
    void run() throws IOException;
  }

  private static final class Held {
    final @Nullable FileChannel channel;
    final @Nullable FileLock lock;
    int users = 1;

    Held(@Nullable FileChannel channel, @Nullable FileLock lock) {
      this.channel = channel;
      this.lock = lock;
    }
  }

  private final Path directory;
  private final boolean wasAlone;
  private boolean closed;

  private DirectoryLock(Path directory, boolean wasAlone) {
    this.directory = directory;
    this.wasAlone = wasAlone;
  }

  /**
   * Locks {@code directory} (which must exist) for this process, running {@code whileAlone} first
   * if no other process, and no other spool in this JVM, has it open.
   */
  public static DirectoryLock acquire(Path directory, AloneAction whileAlone) throws IOException {
    Path real = directory.toRealPath();
    synchronized (HELD) {
      Held held = HELD.get(real);
      if (held != null) {
        held.users++;
        return new DirectoryLock(real, false);
      }
      FileChannel channel;
      try {
        channel =
            FileChannel.open(
                real.resolve(BatchNames.LOCK_FILE),
                Set.of(
                    StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (IOException e) {
        LOG.debug("spool {}: cannot open its lock file; assuming other processes use it", real, e);
        HELD.put(real, new Held(null, null));
        return new DirectoryLock(real, false);
      }
      boolean alone = false;
      FileLock shared;
      try {
        FileLock exclusive = channel.tryLock();
        if (exclusive != null) {
          alone = true;
          try {
            whileAlone.run();
          } finally {
            exclusive.release();
          }
        }
        shared = channel.lock(0, Long.MAX_VALUE, true);
      } catch (IOException | OverlappingFileLockException e) {
        if (e instanceof IOException && alone) {
          channel.close();
          throw (IOException) e;
        }
        LOG.debug("spool {}: file locks unavailable; assuming other processes use it", real, e);
        shared = null;
      } catch (RuntimeException | Error e) {
        channel.close();
        throw e;
      }
      HELD.put(real, new Held(channel, shared));
      return new DirectoryLock(real, alone);
    }
  }

  /** Whether no other process had the directory open when this lock was acquired. */
  public boolean wasAlone() {
    return wasAlone;
  }

  /** Releases this process's hold once its last spool on the directory closes. */
  @Override
  public void close() throws IOException {
    synchronized (HELD) {
      if (closed) {
        return;
      }
      closed = true;
      Held held = HELD.get(directory);
      if (held == null || --held.users > 0) {
        return;
      }
      HELD.remove(directory);
      if (held.channel != null) {
        held.channel.close(); // releases the lock
      }
    }
  }
}
