package io.windlass.collector.inputs;

import io.windlass.collector.Accumulator;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Process and kernel activity figures, as node_exporter's {@code stat} collector reports them from
 * {@code /proc/stat}, and its {@code processes} collector (off by default in node_exporter) from
 * {@code /proc/<pid>/stat} and {@code /proc/sys/kernel}.
 *
 * <p>Metrics (default prefix {@code node_}):
 *
 * <ul>
 *   <li>{@code procs_running}, {@code procs_blocked} — gauges: processes runnable, and blocked
 *       waiting for I/O
 *   <li>{@code forks_total}, {@code context_switches_total}, {@code intr_total} — counters
 *   <li>{@code boot_time_seconds} — gauge, Unix time
 *   <li>{@code processes_state} — gauge, label {@code state}: the state code ({@code R}, {@code S},
 *       {@code D}, {@code Z}, {@code I}, …) of each state some process is in
 *   <li>{@code processes_pids} — gauge, processes seen; {@code processes_threads} — gauge, their
 *       threads
 *   <li>{@code processes_max_processes} ({@code kernel/pid_max}), {@code processes_max_threads}
 *       ({@code kernel/threads-max}) — gauges
 * </ul>
 *
 * <p>node_exporter's {@code processes_threads_state}, which reads every thread's {@code stat}, is
 * not reported.
 */
public final class NodeProcessesInput extends NodeExporterInput {

  /** Reads {@code /proc}. */
  public NodeProcessesInput() {
    this(ProcRoot.DEFAULT);
  }

  /** Reads {@code stat}, the numeric directories and {@code sys/kernel} under {@code procRoot}. */
  public NodeProcessesInput(ProcRoot procRoot) {
    super("processes", procRoot);
  }

  @Override
  public void collect(Accumulator accumulator) throws Exception {
    reportStat(accumulator);
    Map<String, Long> states = new TreeMap<>();
    long pids = 0;
    long threads = 0;
    for (ProcessTable.Process process : ProcessTable.read(procRoot)) {
      states.merge(process.state(), 1L, Long::sum);
      threads += process.threads();
      pids++;
    }
    long maxThreads = readNumber("sys/kernel/threads-max");
    long maxPids = readNumber("sys/kernel/pid_max");
    gauge(accumulator, "processes_threads", "Allocated threads in system");
    accumulator.addMetric("processes_threads", Map.of(), threads);
    gauge(accumulator, "processes_max_threads", "Limit of threads in the system");
    accumulator.addMetric("processes_max_threads", Map.of(), maxThreads);
    gauge(accumulator, "processes_state", "Number of processes in each state.");
    for (Map.Entry<String, Long> state : states.entrySet()) {
      accumulator.addMetric("processes_state", Map.of("state", state.getKey()), state.getValue());
    }
    gauge(accumulator, "processes_pids", "Number of PIDs");
    accumulator.addMetric("processes_pids", Map.of(), pids);
    gauge(accumulator, "processes_max_processes", "Number of max PIDs limit");
    accumulator.addMetric("processes_max_processes", Map.of(), maxPids);
  }

  /** The {@code stat} collector's figures: each line of {@code /proc/stat} it reads, if there. */
  private void reportStat(Accumulator accumulator) throws IOException {
    for (ProcLine line : procRoot.readLines("stat")) {
      List<String> fields = line.fields();
      if (fields.size() < 2 || fields.get(0).startsWith("cpu")) {
        continue;
      }
      String key = fields.get(0);
      switch (key) {
        case "intr" -> {
          counter(accumulator, "intr_total", "Total number of interrupts serviced.");
          accumulator.addMetric("intr_total", Map.of(), line.parseCounter(fields.get(1), key));
        }
        case "ctxt" -> {
          counter(accumulator, "context_switches_total", "Total number of context switches.");
          accumulator.addMetric(
              "context_switches_total", Map.of(), line.parseCounter(fields.get(1), key));
        }
        case "processes" -> {
          counter(accumulator, "forks_total", "Total number of forks.");
          accumulator.addMetric("forks_total", Map.of(), line.parseCounter(fields.get(1), key));
        }
        case "btime" -> {
          gauge(accumulator, "boot_time_seconds", "Node boot time, in unixtime.");
          accumulator.addMetric(
              "boot_time_seconds", Map.of(), line.parseCounter(fields.get(1), key));
        }
        case "procs_running" -> {
          gauge(accumulator, "procs_running", "Number of processes in runnable state.");
          accumulator.addMetric("procs_running", Map.of(), line.parseCounter(fields.get(1), key));
        }
        case "procs_blocked" -> {
          gauge(
              accumulator,
              "procs_blocked",
              "Number of processes blocked waiting for I/O to complete.");
          accumulator.addMetric("procs_blocked", Map.of(), line.parseCounter(fields.get(1), key));
        }
        default -> {}
      }
    }
  }

  private long readNumber(String file) throws IOException {
    List<ProcLine> lines = procRoot.readLines(file);
    if (lines.isEmpty() || lines.get(0).fields().size() != 1) {
      throw new ProcFormatException(
          procRoot.resolve(file),
          1,
          "expected one number",
          lines.isEmpty() ? "" : lines.get(0).text());
    }
    return lines.get(0).parseCounter(lines.get(0).fields().get(0), file);
  }
}
