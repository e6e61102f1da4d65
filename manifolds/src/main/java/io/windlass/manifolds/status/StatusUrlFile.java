package io.windlass.manifolds.status;

import io.windlass.manifolds.sockets.SocketDirectory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code <data-dir>/run/status.url}: one line, the running status server's base URL ({@code
 * http://127.0.0.1:9465/}), by which {@code windlass report} finds a running agent. Written
 * atomically (a hidden temporary file, mode 0600, or 0640 in the group {@code sockets.allowed-gid},
 * renamed over it) in the agent's run directory ({@link SocketDirectory}, mode 0700 or 0710), and
 * removed when the server stops, unless another server has written its own URL since.
 */
final class StatusUrlFile {

  /** The file's name in the run directory. */
  static final String NAME = "status.url";

  private final Path directory;
  private final OptionalLong sharedGroup;

  /**
   * @param directory the run directory
   * @param sharedGroup the group let into the run directory, as the sockets have it
   */
  StatusUrlFile(Path directory, OptionalLong sharedGroup) {
    this.directory = directory;
    this.sharedGroup = sharedGroup;
  }

  /** The file. */
  Path path() {
    return directory.resolve(NAME);
  }

  /** Writes {@code url} into the file, replacing it atomically. */
  void write(String url) throws IOException {
    SocketDirectory.prepare(directory, sharedGroup);
    Path temporary =
        directory.resolve(
            "." + NAME + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      Files.createFile(
          temporary,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      if (sharedGroup.isPresent()) {
        // The group may use the sockets, so it may find the status server too: 0640.
        Files.setAttribute(temporary, "unix:gid", (int) sharedGroup.getAsLong());
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r-----"));
      }
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        channel.write(java.nio.ByteBuffer.wrap((url + "\n").getBytes(StandardCharsets.UTF_8)));
        channel.force(false);
      }
      Files.move(
          temporary, path(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** Removes the file if it still names {@code url}. */
  void delete(String url) throws IOException {
    try {
      String content = Files.readString(path(), StandardCharsets.UTF_8);
      if (content.strip().equals(url)) {
        Files.deleteIfExists(path());
      }
    } catch (NoSuchFileException e) {
      // Already gone.
    }
  }
}
