package io.windlass.spool.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Reads whole files, one after another, into one array that grows as needed and is reused: a cursor
 * reading a window of large data files allocates one array, not one per file (an array of a
 * megabyte or more is a costly "humongous" allocation for G1). Files are opened by {@link
 * SpoolEntries}, which checks them first. Not thread-safe.
 */
final class FileBytes {
  /** The largest array the JVM allocates. */
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private byte[] array = new byte[8192];
  private int length;

  /**
   * Reads {@code channel} to its end, as {@link java.nio.file.Files#readAllBytes} does, but no more
   * than {@code limit} bytes.
   *
   * @return false if it holds more than {@code limit} bytes (or grew past it while read): then
   *     {@link #length()} is the bytes read, past the limit, and the contents are not whole
   */
  boolean read(FileChannel channel, long limit) throws IOException {
    long cap = Math.min(limit, MAX_ARRAY - 1L);
    long size = channel.size();
    if (size > cap) {
      length = (int) Math.min(size, MAX_ARRAY);
      return false;
    }
    if (array.length < size + 1) {
      // One more, so the end of file is seen without growing; an eighth more, so that the next
      // file, a little larger, fits too.
      array = new byte[(int) Math.min(MAX_ARRAY, size + 1 + size / 8)];
    }
    ByteBuffer buffer = ByteBuffer.wrap(array);
    while (channel.read(buffer) >= 0) {
      if (buffer.position() > cap) {
        length = buffer.position();
        return false; // the file grew past the limit
      }
      if (!buffer.hasRemaining()) {
        // The file grew: double the array, up to one byte past the limit, which tells growth past
        // the limit from a file that ends at it.
        array = Arrays.copyOf(array, (int) Math.min(cap + 1, 2L * array.length));
        buffer = ByteBuffer.wrap(array).position(buffer.position());
      }
    }
    length = buffer.position();
    return true;
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
