package io.windlass.spool.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A hidden temporary file being written, before it is published under its final name. It may be
 * {@link #park parked}: closed until it is written again, so that many files being written slowly
 * do not hold as many descriptors.
 */
final class TempFile implements Closeable {
  final Path path;
  private @Nullable FileChannel channel;
  private long written;

  private TempFile(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  /** Creates {@code path}, which must not exist, with the spool's file mode. */
  static TempFile create(Path path, SpoolAccess access) throws IOException {
    FileChannel channel =
        FileChannel.open(
            path,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            access.fileAttribute());
    try {
      access.fileCreated(path);
    } catch (IOException | RuntimeException e) {
      channel.close();
      Files.deleteIfExists(path);
      throw e;
    }
    return new TempFile(path, channel);
  }

  /** Writes all of {@code bytes[0, length)}. */
  void write(byte[] bytes, int length) throws IOException {
    FileChannel open = open();
    ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
    while (buffer.hasRemaining()) {
      open.write(buffer);
    }
    written += length;
  }

  /** The channel, opened again (to append) if parked. */
  private FileChannel open() throws IOException {
    FileChannel open = channel;
    if (open == null) {
      open = channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
    return open;
  }

  /** Closes the file until it is written or forced again. */
  void park() throws IOException {
    FileChannel open = channel;
    channel = null;
    if (open != null) {
      open.close();
    }
  }

  /** Bytes written so far. */
  long written() {
    return written;
  }

  /** Makes the contents durable (fdatasync: the data and the size needed to read it). */
  void force() throws IOException {
    open().force(false);
  }

  @Override
  public void close() throws IOException {
    park();
  }

  /** Closes and deletes the file, ignoring errors: it is being abandoned. */
  void discard() {
    try {
      park();
    } catch (IOException ignored) {
      // Abandoned anyway.
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // Left for the stale temporary file sweep.
    }
  }
}
