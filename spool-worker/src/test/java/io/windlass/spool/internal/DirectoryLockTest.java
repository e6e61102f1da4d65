package io.windlass.spool.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryLockTest {
  @TempDir Path dir;

  @Test
  void theFirstHolderIsAloneAndRunsItsActionUnderTheExclusiveLock() throws IOException {
    AtomicInteger ran = new AtomicInteger();

    try (DirectoryLock first = DirectoryLock.acquire(dir, ran::incrementAndGet);
        DirectoryLock second = DirectoryLock.acquire(dir, ran::incrementAndGet)) {
      assertThat(first.wasAlone()).isTrue();
      assertThat(second.wasAlone()).isFalse();
      assertThat(ran).hasValue(1);
      assertThat(dir.resolve(".windlass.lock")).exists();
    }
  }

  @Test
  void isAloneAgainOnceEveryHolderHasClosed() throws IOException {
    DirectoryLock first = DirectoryLock.acquire(dir, () -> {});
    DirectoryLock second = DirectoryLock.acquire(dir.resolve(".").normalize(), () -> {});
    second.close();
    try (DirectoryLock third = DirectoryLock.acquire(dir, () -> {})) {
      assertThat(third.wasAlone()).isFalse();
    }
    first.close();
    first.close();

    try (DirectoryLock fourth = DirectoryLock.acquire(dir, () -> {})) {
      assertThat(fourth.wasAlone()).isTrue();
    }
  }

  @Test
  void aFailingActionLeavesNothingHeld() throws IOException {
    assertThatThrownBy(
            () ->
                DirectoryLock.acquire(
                    dir,
                    () -> {
                      throw new IOException("listing failed");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessage("listing failed");

    try (DirectoryLock lock = DirectoryLock.acquire(dir, () -> {})) {
      assertThat(lock.wasAlone()).isTrue();
    }
  }
}
