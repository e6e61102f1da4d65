package io.windlass.manifolds.agent;

import java.nio.file.Path;

/** Holds a data directory's lock until its standard input closes: another agent, for tests. */
final class DataDirectoryLockHolder {
  private DataDirectoryLockHolder() {}

  public static void main(String[] args) throws Exception {
    try (DataDirectoryLock lock = DataDirectoryLock.acquire(Path.of(args[0]))) {
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // Wait for the test to close standard input.
      }
    }
  }
}
