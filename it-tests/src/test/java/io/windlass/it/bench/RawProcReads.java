package io.windlass.it.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The baseline of one host input, as the agent makes it by default (node_exporter naming): the same
 * {@code /proc} files it reads, each read whole through a {@link FileChannel} into one reused 256
 * KiB buffer (a read until end of file, the fewest system calls Java can make for a file whose size
 * it does not know) and not parsed. For {@code processes}, {@code /proc} is listed and every
 * numeric directory's {@code stat} read too. For {@code disk}, only the mount table is read: the
 * input's statvfs calls have no raw-read counterpart, so they count as the input's own cost.
 *
 * @param files the files read on every call
 * @param processStats whether each call also reads every {@code /proc/<pid>/stat}
 * @param proc where {@code /proc} is
 */
record RawProcReads(List<Path> files, boolean processStats, Path proc) {
  private static final ByteBuffer BUFFER = ByteBuffer.allocateDirect(256 << 10);

  /** The reads matching host input {@code type}; optional files that do not exist are left out. */
  static RawProcReads of(String type, Path proc) {
    return switch (type) {
      case "cpu" -> files(proc, "stat");
      case "mem" -> files(proc, "meminfo");
      case "swap" -> files(proc, "meminfo", "vmstat");
      case "load" -> files(proc, "loadavg");
      case "disk" ->
          Files.isReadable(proc.resolve("1/mounts"))
              ? files(proc, "1/mounts")
              : files(proc, "mounts");
      case "diskio" -> files(proc, "diskstats");
      case "net" -> files(proc, "net/dev");
      case "netstat" -> files(proc, "net/netstat", "net/snmp", "net/snmp6");
      case "processes" ->
          new RawProcReads(
              files(proc, "stat", "sys/kernel/threads-max", "sys/kernel/pid_max").files(),
              true,
              proc);
      default -> throw new IllegalArgumentException("no raw-read baseline for input " + type);
    };
  }

  private static RawProcReads files(Path proc, String... names) {
    List<Path> existing = Arrays.stream(names).map(proc::resolve).filter(Files::exists).toList();
    return new RawProcReads(existing, false, proc);
  }

  /** Reads everything once; returns the bytes read, so that the reads cannot be optimised away. */
  long read() throws IOException {
    long bytes = 0;
    for (Path file : files) {
      bytes += readWhole(file);
    }
    if (processStats) {
      try (DirectoryStream<Path> dir = Files.newDirectoryStream(proc)) {
        for (Path entry : dir) {
          String name = entry.getFileName().toString();
          if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
            bytes += readStat(entry.resolve("stat"));
          }
        }
      }
    }
    return bytes;
  }

  /** Reads {@code file} to its end; the bytes read. Callers are on one thread. */
  private static long readWhole(Path file) throws IOException {
    long bytes = 0;
    try (FileChannel channel = FileChannel.open(file)) {
      int n;
      do {
        BUFFER.clear();
        n = channel.read(BUFFER);
        bytes += Math.max(0, n);
      } while (n >= 0);
    }
    return bytes;
  }

  private static long readStat(Path stat) throws IOException {
    try {
      return readWhole(stat);
    } catch (NoSuchFileException e) {
      return 0; // the process exited
    } catch (IOException e) {
      if (Files.notExists(stat.getParent())) {
        return 0; // the process exited while being read
      }
      throw e;
    }
  }
}
