package io.windlass.spool.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads whole files, one after another, into one array that grows as needed and is reused: a cursor
 * reading a window of large data files allocates one array, not one per file (an array of a
 * megabyte or more is a costly "humongous" allocation for G1). Not thread-safe.
 */
final class FileBytes {
  private byte[] array = new byte[8192];
  private int length;

  /**
   * Reads {@code path} to its end, as {@link java.nio.file.Files#readAllBytes} does.
   *
   * @throws java.nio.file.NoSuchFileException it does not exist
   */
  void read(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size >= Integer.MAX_VALUE - 8) {
        throw new OutOfMemoryError(path + " is too large to read into an array: " + size);
      }
      if (array.length < size + 1) {
        // One more, so the end of file is seen without growing; an eighth more, so that the next
        // file, a little larger, fits too.
        array = new byte[(int) Math.min(Integer.MAX_VALUE - 8, size + 1 + size / 8)];
      }
      ByteBuffer buffer = ByteBuffer.wrap(array);
      while (channel.read(buffer) >= 0) {
        if (!buffer.hasRemaining()) {
          array = Arrays.copyOf(array, array.length * 2); // the file grew
          buffer = ByteBuffer.wrap(array).position(buffer.position());
        }
      }
      length = buffer.position();
    }
  }

  /** The bytes read last; valid up to {@link #length()}. */
  byte[] array() {
    return array;
  }

  /** How many bytes were read last. */
  int length() {
    return length;
  }
}
