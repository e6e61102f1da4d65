package io.windlass.collector.inputs;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * statvfs(3) through JNA: the one figure Java's {@link java.nio.file.FileStore} leaves out is the
 * inode counts. Reads the C library's {@code struct statvfs} of 64-bit Linux (x86-64, arm64, ...),
 * whose first eleven members are each an unsigned 64-bit number; elsewhere every probe fails.
 */
public final class Statvfs {
  /** The size of {@code struct statvfs} on 64-bit Linux: eleven longs and six ints. */
  private static final int STRUCT_BYTES = 11 * 8 + 6 * 4;

  // Offsets of the members read.
  private static final int F_BSIZE = 0;
  private static final int F_BLOCKS = 2 * 8;
  private static final int F_BFREE = 3 * 8;
  private static final int F_BAVAIL = 4 * 8;
  private static final int F_FILES = 5 * 8;
  private static final int F_FFREE = 6 * 8;

  private static final double TWO_TO_THE_64 = 0x1p64;

  /** The C library's function; loaded on first use. */
  private interface CLibrary extends Library {
    int statvfs(String path, Pointer buf) throws LastErrorException;
  }

  private static final class Holder {
    static final CLibrary LIBC = Native.load("c", CLibrary.class);
  }

  private Statvfs() {}

  /** Whether this platform's {@code struct statvfs} is the one read here. */
  public static boolean supported() {
    return Platform.isLinux() && Native.LONG_SIZE == 8;
  }

  /**
   * The statistics of the filesystem {@code mountPoint} is on.
   *
   * @throws IOException when statvfs fails, naming the path and errno, or the platform is not
   *     supported
   */
  public static FilesystemStats probe(Path mountPoint) throws IOException {
    if (!supported()) {
      throw new IOException("statvfs " + mountPoint + ": only read on 64-bit Linux");
    }
    try (Memory buf = new Memory(STRUCT_BYTES)) {
      buf.clear();
      try {
        Holder.LIBC.statvfs(mountPoint.toString(), buf);
      } catch (LastErrorException e) {
        throw new IOException("statvfs " + mountPoint + ": errno " + e.getErrorCode(), e);
      }
      double blockSize = unsigned(buf.getLong(F_BSIZE));
      return new FilesystemStats(
          unsigned(buf.getLong(F_BLOCKS)) * blockSize,
          unsigned(buf.getLong(F_BFREE)) * blockSize,
          unsigned(buf.getLong(F_BAVAIL)) * blockSize,
          unsigned(buf.getLong(F_FILES)),
          unsigned(buf.getLong(F_FFREE)));
    }
  }

  private static double unsigned(long value) {
    return value >= 0 ? value : value + TWO_TO_THE_64;
  }
}
