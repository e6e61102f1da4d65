package io.windlass.manifolds.agent;

import java.nio.file.Path;

/**
 * Another agent, for tests: holds a data directory's lock until its standard input closes, and
 * prints {@code locked}; or, if it cannot take the lock, prints {@code refused} and ends.
 */
final class DataDirectoryLockHolder {
  private DataDirectoryLockHolder() {}

  public static void main(String[] args) throws Exception {
    DataDirectoryLock held;
    try {
      held = DataDirectoryLock.acquire(Path.of(args[0]));
    } catch (UnusableDataDirectoryException e) {
      System.out.println("refused");
      return;
    }
    try (DataDirectoryLock lock = held) {
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // Wait for the test to close standard input.
      }
    }
  }
}
