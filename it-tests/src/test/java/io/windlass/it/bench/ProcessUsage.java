package io.windlass.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and peak resident memory of a running process, from {@code /proc/<pid>}. */
record ProcessUsage(double cpuSeconds, long peakRssBytes) {
  /** Clock ticks per second of {@code /proc/<pid>/stat} ({@code getconf CLK_TCK}; 100 on Linux). */
  private static final double TICKS_PER_SECOND = 100.0;

  /** The usage of process {@code pid} so far. */
  static ProcessUsage of(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // Fields after the command name, which is in parentheses and may hold spaces.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
    long hwmKib = 0;
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmHWM:")) {
        hwmKib = Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return new ProcessUsage(ticks / TICKS_PER_SECOND, hwmKib * 1024);
  }
}
