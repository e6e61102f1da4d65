package io.windlass.it.backend;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The backstop that reaps backend processes: every process a {@link BackendProcess} starts is
 * registered here until it is stopped, and a JVM shutdown hook kills whatever is still registered
 * (and its descendants), so that a test that forgets {@code close()}, or a JVM that exits early,
 * leaves nothing running.
 */
final class LiveProcesses {
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(LiveProcesses::killAll, "windlass-backend-reaper"));
  }

  private LiveProcesses() {}

  static void register(Process process) {
    LIVE.add(process);
  }

  static void unregister(Process process) {
    LIVE.remove(process);
  }

  /** How many started processes have not been stopped yet. */
  static int count() {
    LIVE.removeIf(p -> !p.isAlive());
    return LIVE.size();
  }

  private static void killAll() {
    for (Process process : LIVE) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
