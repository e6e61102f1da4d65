package io.windlass.manifolds.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnappyLibraryDirectoryTest {
  @TempDir Path run;

  @AfterEach
  void clearProperty() {
    System.clearProperty(SnappyLibraryDirectory.TEMPDIR_PROPERTY);
  }

  @Test
  void removesTheLibrariesEarlierProcessesLeftAndNothingElse() throws IOException {
    Path left1 = run.resolve("snappy-1.1.10-0f8e2c1a-libsnappyjava.so");
    Path left2 = run.resolve("snappy-1.1.10-9b7d4e55-libsnappyjava.so");
    Files.writeString(left1, "elf");
    Files.writeString(left2, "elf");
    Path statusUrl = Files.writeString(run.resolve("status.url"), "http://127.0.0.1:9465/");
    Path lookalike = Files.writeString(run.resolve("snappy-notes.txt"), "kept");
    Path elsewhere = Files.createTempFile("snappy-1.1.10-", "-libsnappyjava.so");
    Path link =
        Files.createSymbolicLink(run.resolve("snappy-1.1.10-link-libsnappyjava.so"), elsewhere);

    try (SnappyLibraryDirectory snappy = SnappyLibraryDirectory.use(run)) {
      assertThat(snappy.removed()).isEqualTo(2);
    } finally {
      Files.deleteIfExists(elsewhere);
    }

    assertThat(left1).doesNotExist();
    assertThat(left2).doesNotExist();
    assertThat(statusUrl).exists();
    assertThat(lookalike).exists();
    assertThat(link).as("a link is left alone, not followed").isSymbolicLink();
  }

  @Test
  void pointsSnappyThereUntilClosedThenGivesThePropertyBack() throws IOException {
    try (SnappyLibraryDirectory snappy = SnappyLibraryDirectory.use(run)) {
      assertThat(snappy.removed()).isZero();
      assertThat(System.getProperty(SnappyLibraryDirectory.TEMPDIR_PROPERTY))
          .isEqualTo(run.toString());
    }
    assertThat(System.getProperty(SnappyLibraryDirectory.TEMPDIR_PROPERTY)).isNull();

    System.setProperty(SnappyLibraryDirectory.TEMPDIR_PROPERTY, "/var/tmp/operator-choice");
    try (SnappyLibraryDirectory snappy = SnappyLibraryDirectory.use(run)) {
      assertThat(System.getProperty(SnappyLibraryDirectory.TEMPDIR_PROPERTY))
          .isEqualTo(run.toString());
    }
    assertThat(System.getProperty(SnappyLibraryDirectory.TEMPDIR_PROPERTY))
        .isEqualTo("/var/tmp/operator-choice");
  }
}
