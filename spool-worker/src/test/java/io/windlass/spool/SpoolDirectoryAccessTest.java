package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may read a spool ({@link SpoolOptions#sharedGroup()}), and the links and owners it refuses.
 * The cases that change a file's owner or group need root, and are skipped (visibly) otherwise.
 */
class SpoolDirectoryAccessTest {
  private static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");
  private static final long GROUP = 4242;

  @TempDir Path dir;

  private static int mode(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  private static int gid(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
  }

  private static void record(SpoolDirectory spool) throws IOException {
    try (MetricRecorder recorder = spool.recorder(DeclaredMetrics.any(), "local:t", "agent-1")) {
      recorder.addMetric("secret", "1", T0, java.util.Map.of("token", "hunter2"));
    }
  }

  private static List<Path> batchFiles(Path spool) throws IOException {
    try (Stream<Path> files = Files.list(spool)) {
      return files
          .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .toList();
    }
  }

  private static boolean isRoot() {
    return ProcessIdentity.self().uid() == 0;
  }

  @Test
  void aNewSpoolIsPrivateToItsUserWhateverTheUmask() throws IOException {
    Path path = dir.resolve("spool");
    try (SpoolDirectory spool = SpoolDirectory.open(path)) {
      record(spool);
    }

    assertThat(mode(path)).isEqualTo(0700);
    assertThat(mode(path.resolve(".staging"))).isEqualTo(0700);
    List<Path> files = batchFiles(path);
    assertThat(files).hasSize(2);
    for (Path file : files) {
      assertThat(mode(file)).as(file.toString()).isEqualTo(0600);
    }
  }

  @Test
  void aSharedGroupMayReadTheSpoolAndNothingMore() throws IOException {
    assumeThat(isRoot()).as("setting another group needs root").isTrue();
    Path path = dir.resolve("spool");
    SpoolOptions options = SpoolOptions.builder().sharedGroup(OptionalLong.of(GROUP)).build();
    try (SpoolDirectory spool = SpoolDirectory.open(path, options)) {
      record(spool);
    }

    assertThat(mode(path)).isEqualTo(02750);
    assertThat(gid(path)).isEqualTo(GROUP);
    List<Path> files = batchFiles(path);
    assertThat(files).hasSize(2);
    for (Path file : files) {
      assertThat(mode(file)).as(file.toString()).isEqualTo(0640);
      assertThat(gid(file)).as(file.toString()).isEqualTo(GROUP);
    }
  }

  @Test
  void anExistingSpoolWithWiderModesIsTightenedOnOpenWithOneWarning() throws IOException {
    Path path = dir.resolve("spool");
    try (SpoolDirectory spool = SpoolDirectory.open(path)) {
      record(spool);
    }
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (Path file : batchFiles(path)) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    List<String> warnings;
    try (LogCapture log = new LogCapture();
        SpoolDirectory spool = SpoolDirectory.open(path)) {
      warnings = log.warnings();
    }

    assertThat(mode(path)).isEqualTo(0700);
    for (Path file : batchFiles(path)) {
      assertThat(mode(file)).as(file.toString()).isEqualTo(0600);
    }
    assertThat(warnings)
        .containsExactly(
            "spool directory "
                + path
                + ": mode 0755 let others in; tightened to 0700, and 2 files in it to 0600");
  }

  @Test
  void aSpoolDirectoryThatIsALinkIsRefused() throws IOException {
    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
    Path link = Files.createSymbolicLink(dir.resolve("spool"), elsewhere);

    assertThatThrownBy(() -> SpoolDirectory.open(link))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "spool directory "
                + link
                + " is a symbolic link; refusing to follow it (links in the agent's data"
                + " directory are not followed)");
    try (Stream<Path> inside = Files.list(elsewhere)) {
      assertThat(inside).isEmpty();
    }
  }

  /** Covers a bug where a planted {@code quarantine} link made the spool move files through it. */
  @Test
  void aQuarantineOrRejectedDirectoryThatIsALinkIsRefused() throws IOException {
    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
    for (String name : List.of("quarantine", "rejected", ".staging")) {
      Path path = Files.createDirectory(dir.resolve("spool-" + name.replace(".", "")));
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
      Files.createSymbolicLink(path.resolve(name), elsewhere);

      assertThatThrownBy(() -> SpoolDirectory.open(path))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(path.resolve(name) + " is a symbolic link; refusing to follow it");
    }
  }

  @Test
  void aSpoolDirectoryOfAnotherUserIsRefused() throws IOException {
    assumeThat(isRoot()).as("giving a directory to another user needs root").isTrue();
    Path path = Files.createDirectory(dir.resolve("spool"));
    Files.setAttribute(path, "unix:uid", 65534);

    assertThatThrownBy(() -> SpoolDirectory.open(path))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "spool directory "
                + path
                + " is owned by uid 65534, not by this process's user (uid 0)");
  }

  @Test
  void aSpoolPathThatIsAFileIsRefused() throws IOException {
    Path file = Files.createFile(dir.resolve("spool"));

    assertThatThrownBy(() -> SpoolDirectory.open(file))
        .isInstanceOf(IOException.class)
        .hasMessage("spool directory " + file + " is not a directory");
  }
}
