package io.windlass.manifolds.sockets;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The directory the agent's sockets live in, {@code <data-dir>/run}: private to the agent's user
 * (mode 0700), or, when a group is let in, searchable by that group (mode 0710, that group) so its
 * members can reach the sockets without listing the directory. The status server's {@code
 * status.url} lives there too.
 */
public final class SocketDirectory {
  static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> SHARED = PosixFilePermissions.fromString("rwx--x---");

  private SocketDirectory() {}

  /**
   * Creates {@code directory} (and its parents) if needed and sets its mode and group; an existing
   * directory is tightened to the mode. Safe to call from several workers at once.
   *
   * @throws IOException if it cannot be made, is not a directory, or its mode cannot be set
   */
  public static void prepare(Path directory, OptionalLong sharedGroup) throws IOException {
    Set<PosixFilePermission> mode = sharedGroup.isPresent() ? SHARED : PRIVATE;
    Path parent = directory.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PRIVATE));
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(directory + " is not a directory; the agent's sockets go there");
      }
    }
    if (sharedGroup.isPresent()) {
      Files.setAttribute(
          directory, "unix:gid", (int) sharedGroup.getAsLong(), LinkOption.NOFOLLOW_LINKS);
    }
    if (!Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS).equals(mode)) {
      Files.setPosixFilePermissions(directory, mode);
    }
  }
}
