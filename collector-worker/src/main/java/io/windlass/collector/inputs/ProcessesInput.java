package io.windlass.collector.inputs;

import io.windlass.collector.Accumulator;
import io.windlass.collector.InputWithPrefix;
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
    for (ProcessTable.Process process : ProcessTable.read(procRoot)) {
      counts.merge(state(process.state()), 1L, Long::sum);
      threads += process.threads();
      total++;
    }
    for (Map.Entry<String, Long> entry : counts.entrySet()) {
      accumulator.addMetric("count", Map.of("state", entry.getKey()), entry.getValue());
    }
    accumulator.addMetric("total", Map.of(), total);
    accumulator.addMetric("threads", Map.of(), threads);
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
