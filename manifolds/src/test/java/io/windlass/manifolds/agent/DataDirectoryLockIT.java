package io.windlass.manifolds.agent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock as other processes see it: a second JVM holds it, or is refused it. */
class DataDirectoryLockIT {
  @TempDir Path dir;

  private Process other;

  @AfterEach
  void stopTheOtherProcess() throws InterruptedException {
    if (other != null && other.isAlive()) {
      other.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Starts another JVM holding {@code data}'s lock, and waits until it does. */
  private Process holdInAnotherProcess(Path data) throws IOException {
    Process process = startHolder(data);
    assertThat(firstLine(process)).isEqualTo("locked");
    return process;
  }

  private static String firstLine(Process process) throws IOException {
    return new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8)).readLine();
  }

  private static Process startHolder(Path data) throws IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            DataDirectoryLockHolder.class.getName(),
            data.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  @Test
  void aSecondProcessIsRefusedWithTheHoldersPidUntilTheHolderEnds() throws Exception {
    other = holdInAnotherProcess(dir);

    assertThatThrownBy(() -> DataDirectoryLock.acquire(dir))
        .isInstanceOf(UnusableDataDirectoryException.class)
        .hasMessage(
            "data directory "
                + dir.toRealPath()
                + " is in use by another agent (pid "
                + other.pid()
                + "): stop it first, or give this agent its own data directory (--data-dir)");
    assertThat(DataDirectoryLock.problem(dir)).isPresent();

    other.getOutputStream().close();
    assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();

    try (DataDirectoryLock lock = DataDirectoryLock.acquire(dir)) {
      assertThat(DataDirectoryLock.problem(dir)).isEmpty();
    }
  }

  @Test
  void holdersInOneProcessAreCountedAndTheLastReleasesTheLock() throws Exception {
    DataDirectoryLock first = DataDirectoryLock.acquire(dir);
    DataDirectoryLock second = DataDirectoryLock.acquire(dir.resolve("."));
    first.close();
    first.close(); // idempotent: does not release the second hold

    Process refused = startHolder(dir);
    assertThat(firstLine(refused)).as("while the second hold lasts").isEqualTo("refused");
    assertThat(refused.waitFor(30, TimeUnit.SECONDS)).isTrue();

    second.close();
    other = holdInAnotherProcess(dir);
    assertThat(other.isAlive()).isTrue();
  }
}
