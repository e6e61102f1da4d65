package io.windlass.manifolds.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.windlass.spool.ProcessIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {
  private static final long ME = ProcessIdentity.self().uid();

  @TempDir Path dir;

  private static int mode(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  private static void prepare(Path data) throws UnusableDataDirectoryException {
    DataDirectory.prepare(data, OptionalInt.empty(), ME);
  }

  @Test
  void aMissingDataDirectoryIsCreatedPrivate() throws IOException {
    Path data = dir.resolve("a/b/data");

    prepare(data);

    assertThat(mode(data)).isEqualTo(0700);
  }

  @Test
  void withAnAllowedGroupItIsCreatedForThatGroupToEnter() throws IOException {
    assumeThat(ME).as("giving a directory another group needs root").isZero();
    Path data = dir.resolve("data");

    DataDirectory.prepare(data, OptionalInt.of(4242), ME);

    assertThat(mode(data)).isEqualTo(0750);
    assertThat(Files.getAttribute(data, "unix:gid")).isEqualTo(4242);
  }

  @Test
  void anExistingUsableDirectoryIsLeftAsItIs() throws IOException {
    Path data = Files.createDirectory(dir.resolve("data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));

    prepare(data);

    assertThat(mode(data)).isEqualTo(0755);
  }

  @Test
  void aFileIsRefused() throws IOException {
    Path data = Files.writeString(dir.resolve("data"), "x");

    assertThatThrownBy(() -> prepare(data))
        .isInstanceOf(UnusableDataDirectoryException.class)
        .hasMessage("data directory " + data + " is not a directory");
  }

  @Test
  void aDirectoryOfAnotherUserIsRefused() throws IOException {
    Path data = Files.createDirectory(dir.resolve("data"));

    assertThatThrownBy(() -> DataDirectory.prepare(data, OptionalInt.empty(), ME + 1))
        .isInstanceOf(UnusableDataDirectoryException.class)
        .hasMessage(
            "data directory "
                + data
                + " is owned by uid "
                + ME
                + ", not by the agent's user (uid "
                + (ME + 1)
                + "): chown it, or run the agent as its owner");
  }

  @Test
  void aDirectoryOthersMayWriteIsRefused() throws IOException {
    Path data = Files.createDirectory(dir.resolve("data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxr-x"));

    assertThatThrownBy(() -> prepare(data))
        .isInstanceOf(UnusableDataDirectoryException.class)
        .hasMessage(
            "data directory "
                + data
                + " is writable by its group or by others (mode 0775), who could place links in"
                + " it: chmod go-w "
                + data);
  }

  /** Covers a bug where an agent running as root followed a planted {@code spool} link. */
  @Test
  void aSpoolOrRunEntryThatIsALinkIsRefused() throws IOException {
    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
    for (String name : new String[] {"spool", "run"}) {
      Path data = Files.createDirectory(dir.resolve("data-" + name));
      Files.createSymbolicLink(data.resolve(name), elsewhere);

      assertThatThrownBy(() -> prepare(data))
          .isInstanceOf(UnusableDataDirectoryException.class)
          .hasMessage(
              data.resolve(name)
                  + " is a symbolic link, which the agent does not follow: remove it");
    }
  }

  @Test
  void aLinkPlantedAmongTheSpoolsOwnDirectoriesIsRefused() throws IOException {
    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
    Path data = Files.createDirectory(dir.resolve("data"));
    Path spool = Files.createDirectory(data.resolve("spool"));
    Files.createSymbolicLink(spool.resolve("rejected"), elsewhere);

    assertThatThrownBy(() -> prepare(data))
        .isInstanceOf(UnusableDataDirectoryException.class)
        .hasMessage(
            spool.resolve("rejected")
                + " is a symbolic link, which the agent does not follow: remove it");
  }

  @Test
  void aSpoolEntryThatIsAFileIsRefused() throws IOException {
    Path data = Files.createDirectory(dir.resolve("data"));
    Files.writeString(data.resolve("spool"), "x");

    assertThatThrownBy(() -> prepare(data))
        .isInstanceOf(UnusableDataDirectoryException.class)
        .hasMessage(
            data.resolve("spool") + " is not a directory; the agent keeps its own files there");
  }

  @Test
  void aDirectoryTooDeepForTheSocketPathsIsRefused() throws IOException {
    Path data = dir.resolve("d".repeat(100));

    assertThatThrownBy(() -> prepare(data))
        .isInstanceOf(UnusableDataDirectoryException.class)
        .hasMessageStartingWith(
            "data directory "
                + data
                + " is too deep for the agent's sockets: socket path "
                + data.resolve("run/collect.sock")
                + " is too long");
  }
}
