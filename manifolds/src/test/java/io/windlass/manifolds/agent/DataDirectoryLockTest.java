package io.windlass.manifolds.agent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryLockTest {
  @TempDir Path dir;

  @Test
  void theLockFileNamesTheHoldersPidAndIsPrivate() throws IOException {
    try (DataDirectoryLock lock = DataDirectoryLock.acquire(dir)) {
      Path file = dir.resolve(DataDirectoryLock.FILE);
      assertThat(Files.readString(file, UTF_8)).isEqualTo(ProcessHandle.current().pid() + "\n");
      assertThat(Files.getAttribute(file, "unix:mode")).isEqualTo(0100600);
    }
  }

  @Test
  void aLockFileThatIsALinkIsRefused() throws IOException {
    Path target = Files.writeString(dir.resolve("target"), "keep");
    Path data = Files.createDirectory(dir.resolve("data"));
    Files.createSymbolicLink(data.resolve(DataDirectoryLock.FILE), target);

    assertThatThrownBy(() -> DataDirectoryLock.acquire(data))
        .isInstanceOf(UnusableDataDirectoryException.class)
        .hasMessage(
            "cannot open "
                + data.toRealPath().resolve(DataDirectoryLock.FILE)
                + ": it is a symbolic link, which the agent does not follow");
    assertThat(Files.readString(target)).isEqualTo("keep");
  }
}
