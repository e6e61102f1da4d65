package io.windlass.it.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time, resident memory (now and at its peak) and threads of a running process, from {@code
 * /proc/<pid>} ({@code VmRSS}, {@code VmHWM} and {@code Threads} of its {@code status}), with the
 * CPU time split by thread group: a thread's name as the kernel keeps it (its first 15 characters)
 * without a trailing {@code -<number>}, so {@code windlass-status}, {@code windlass-sender}, {@code
 * C2 CompilerThre}, each also as {@code <group>.kernel} with its system time alone. Threads that
 * ended are in the total but in no group.
 */
record ProcessUsage(
    double cpuSeconds,
    long rssBytes,
    long peakRssBytes,
    int threads,
    Map<String, Double> threadSeconds) {
  /** Clock ticks per second of {@code /proc/<pid>/stat} ({@code getconf CLK_TCK}; 100 on Linux). */
  private static final double TICKS_PER_SECOND = 100.0;

  /** The usage of process {@code pid} so far. */
  static ProcessUsage of(long pid) throws IOException {
    Path proc = Path.of("/proc", Long.toString(pid));
    double cpu = new Stat(Files.readString(proc.resolve("stat"))).cpuSeconds();
    long rssKib = 0;
    long hwmKib = 0;
    int threads = 0;
    for (String line : Files.readAllLines(proc.resolve("status"))) {
      if (line.startsWith("VmRSS:")) {
        rssKib = number(line);
      } else if (line.startsWith("VmHWM:")) {
        hwmKib = number(line);
      } else if (line.startsWith("Threads:")) {
        threads = (int) number(line);
      }
    }
    Map<String, Double> groups = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
      tasks.forEach(
          task -> {
            try {
              Stat stat = new Stat(Files.readString(task.resolve("stat")));
              groups.merge(stat.group(), stat.cpuSeconds(), Double::sum);
              groups.merge(stat.group() + ".kernel", stat.kernelSeconds(), Double::sum);
            } catch (NoSuchFileException ended) {
              // The thread ended between the listing and the read: in the total only.
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
    return new ProcessUsage(cpu, rssKib * 1024, hwmKib * 1024, threads, groups);
  }

  /** The number in a {@code status} line such as {@code VmRSS: 1234 kB}. */
  private static long number(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }

  /** The CPU seconds of each thread group between {@code before} and this reading. */
  Map<String, Double> threadSecondsSince(ProcessUsage before) {
    Map<String, Double> since = new TreeMap<>();
    threadSeconds.forEach(
        (group, seconds) ->
            since.put(group, seconds - before.threadSeconds.getOrDefault(group, 0.0)));
    return since;
  }

  /** One {@code stat} file of a process or thread. */
  private record Stat(String text) {
    String group() {
      String name = text.substring(text.indexOf('(') + 1, text.lastIndexOf(')'));
      return name.replaceAll("-\\d+$", "").replace(' ', '_');
    }

    double cpuSeconds() {
      return (field(11) + field(12)) / TICKS_PER_SECOND;
    }

    double kernelSeconds() {
      return field(12) / TICKS_PER_SECOND;
    }

    /** Field {@code index} after the command name (user time is 11, system time 12). */
    private long field(int index) {
      // The command name is in parentheses and may hold spaces.
      return Long.parseLong(text.substring(text.lastIndexOf(')') + 2).split(" ")[index]);
    }
  }
}
