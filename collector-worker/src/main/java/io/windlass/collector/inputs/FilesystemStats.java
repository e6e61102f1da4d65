package io.windlass.collector.inputs;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What statvfs says of one mounted filesystem, as node_exporter reports it: sizes are block counts
 * times the filesystem's block size ({@code f_bsize}).
 *
 * @param size the filesystem's size in bytes
 * @param free bytes not allocated, including those reserved for root
 * @param available bytes an unprivileged user may still allocate
 * @param files the filesystem's inodes ({@code f_files}; 0 where it has no fixed number)
 * @param filesFree inodes free ({@code f_ffree})
 */
public record FilesystemStats(
    double size, double free, double available, double files, double filesFree) {

  /** Reads the statistics of the filesystem mounted at a path. */
  @FunctionalInterface
  public interface Probe {
    /**
     * The statistics of the filesystem {@code mountPoint} is on.
     *
     * @throws IOException when they cannot be read (permission denied, a stale mount, ...)
     */
    FilesystemStats probe(Path mountPoint) throws IOException;
  }
}
