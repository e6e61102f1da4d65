package io.windlass.spool.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

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

  /**
   * Reads {@code channel} to its end into an array of its length, no more than {@code limit} bytes:
   * for small files read once (metadata), where a reused buffer would cost more than it saves.
   *
   * @return the bytes, or null if it holds more than {@code limit} bytes (or grew past it)
   */
  static byte @Nullable [] readAll(FileChannel channel, long limit) throws IOException {
    long size = channel.size();
    if (size > Math.min(limit, MAX_ARRAY - 1L)) {
      return null;
    }
    byte[] bytes = new byte[(int) size];
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
      // Until full or at the end.
    }
    if (buffer.hasRemaining()) {
      return Arrays.copyOf(bytes, buffer.position()); // it shrank while read
    }
    if (channel.read(ByteBuffer.allocate(1)) < 0) {
      return bytes; // the common case: exactly its size
    }
    // It grew while read: read the rest the general way.
    FileBytes rest = new FileBytes();
    channel.position(0);
    if (!rest.read(channel, limit)) {
      return null;
    }
    return Arrays.copyOf(rest.array, rest.length);
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
