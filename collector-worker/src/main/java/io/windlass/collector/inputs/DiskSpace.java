package io.windlass.collector.inputs;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What statvfs says of one mounted filesystem, in bytes.
 *
 * @param device the mounted device, e.g. {@code /dev/sda1}
 * @param fsType the filesystem type, e.g. {@code ext4}
 * @param total the filesystem's size
 * @param free bytes not allocated, including those reserved for root
 * @param available bytes an unprivileged user may still allocate
 */
public record DiskSpace(String device, String fsType, long total, long free, long available) {

  /** Validates. */
  public DiskSpace {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(fsType, "fsType");
    if (total < 0 || free < 0 || available < 0) {
      throw new IllegalArgumentException(
          "sizes must be >= 0: total " + total + ", free " + free + ", available " + available);
    }
  }

  /** Reads the space of the filesystem mounted at a path. */
  @FunctionalInterface
  public interface Probe {
    /** The space of the filesystem {@code mountPoint} is on. */
    DiskSpace probe(Path mountPoint) throws IOException;
  }

  /** A probe through {@link java.nio.file.FileStore}, i.e. statvfs. */
  public static DiskSpace ofFileStore(Path mountPoint) throws IOException {
    FileStore store = Files.getFileStore(mountPoint);
    return new DiskSpace(
        store.name(),
        store.type(),
        store.getTotalSpace(),
        store.getUnallocatedSpace(),
        store.getUsableSpace());
  }
}
