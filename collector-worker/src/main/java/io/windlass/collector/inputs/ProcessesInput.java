package io.windlass.collector.inputs;

import io.windlass.collector.Accumulator;
import io.windlass.collector.InputWithPrefix;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Processes by state, from {@code /proc/<pid>/stat} of every process the reader can see. A process
 * that exits between listing {@code /proc} and reading its {@code stat} is not counted.
 *
 * <p>Metrics (default prefix {@code system.processes.}):
 *
 * <ul>
 *   <li>{@code count} — tagged {@code state}: {@code running} (R), {@code sleeping} (S), {@code
 *       blocked} (D, uninterruptible sleep), {@code zombie} (Z), {@code stopped} (T and t), {@code
 *       idle} (I), {@code dead} (X, x), {@code paging} (W) or {@code unknown}; every state is
 *       reported, 0 included
 *   <li>{@code total} — all processes, no tags
 *   <li>{@code threads} — all threads of those processes, no tags
 * </ul>
 */
public final class ProcessesInput implements InputWithPrefix {
  private static final List<String> STATES =
      List.of(
          "running",
          "sleeping",
          "blocked",
          "zombie",
          "stopped",
          "idle",
          "dead",
          "paging",
          "unknown");
  // Fields after the ")" that closes the command name: state is the first, num_threads the 18th.
  private static final int STATE = 0;
  private static final int NUM_THREADS = 17;

  private final ProcRoot procRoot;

  /** Reads {@code /proc}. */
  public ProcessesInput() {
    this(ProcRoot.DEFAULT);
  }

  /** Reads the numeric directories of {@code procRoot}. */
  public ProcessesInput(ProcRoot procRoot) {
    this.procRoot = Objects.requireNonNull(procRoot, "procRoot");
  }

  @Override
  public String defaultPrefix() {
    return "system.processes.";
  }

  @Override
  public void collect(Accumulator accumulator) throws Exception {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String state : STATES) {
      counts.put(state, 0L);
    }
    long total = 0;
    long threads = 0;
    for (Path stat : statFiles()) {
      List<ProcLine> lines;
      try {
        lines = ProcRoot.readLines(stat);
      } catch (NoSuchFileException e) {
        continue; // the process exited
      } catch (IOException e) {
        if (Files.notExists(stat.getParent())) {
          continue; // the process exited while being read (ESRCH)
        }
        throw e;
      }
      if (lines.isEmpty()) {
        // An exited process's stat reads empty on some kernels.
        continue;
      }
      ProcLine line = lines.get(0);
      int close = line.text().lastIndexOf(')');
      if (close < 0) {
        throw line.malformed("expected 'pid (comm) state ...'");
      }
      List<String> fields =
          new ProcLine(line.file(), line.number(), line.text().substring(close + 1)).fields();
      if (fields.size() <= NUM_THREADS) {
        throw line.malformed("expected at least " + (NUM_THREADS + 1) + " fields after (comm)");
      }
      counts.merge(state(fields.get(STATE)), 1L, Long::sum);
      threads += line.parseCounter(fields.get(NUM_THREADS), "num_threads");
      total++;
    }
    for (Map.Entry<String, Long> entry : counts.entrySet()) {
      accumulator.addMetric("count", Map.of("state", entry.getKey()), entry.getValue());
    }
    accumulator.addMetric("total", Map.of(), total);
    accumulator.addMetric("threads", Map.of(), threads);
  }

  private List<Path> statFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(procRoot.path())) {
      for (Path entry : dir) {
        String name = entry.getFileName().toString();
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
          files.add(entry.resolve("stat"));
        }
      }
    }
    return files;
  }

  private static String state(String code) {
    if (code.length() != 1) {
      return "unknown";
    }
    switch (code.charAt(0)) {
      case 'R':
        return "running";
      case 'S':
        return "sleeping";
      case 'D':
        return "blocked";
      case 'Z':
        return "zombie";
      case 'T':
      case 't':
        return "stopped";
      case 'I':
        return "idle";
      case 'X':
      case 'x':
        return "dead";
      case 'W':
        return "paging";
      default:
        return "unknown";
    }
  }
}
