package io.windlass.it.bench;

import static io.windlass.it.bench.BenchmarkRounds.figure;
import static org.awaitility.Awaitility.await;

import io.windlass.it.backend.BackendProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What an agent costs before any data comes: how long from its spawn until its health endpoint
 * answers 200 (Windlass {@code /healthz}, vmagent {@code /health}; the median of {@value #STARTS}
 * starts, polled every 50 ms), and, once started and left alone, its resident memory ({@code
 * VmRSS}) and its threads ({@code Threads} of {@code /proc/<pid>/status}).
 *
 * @param secondsToHealthy the median time from spawn until the health endpoint answered 200
 * @param idleRssBytes the resident memory once settled
 * @param idleThreads the threads once settled
 * @param settled whether the readings stopped changing within {@link #MAX_SETTLE}
 */
record AtRest(double secondsToHealthy, long idleRssBytes, int idleThreads, boolean settled) {
  /** Starts per agent: the median is reported. */
  static final int STARTS = 3;

  /**
   * The least time after start before the idle readings: pools end their idle threads after a few
   * seconds (the status server's after 5).
   */
  static final Duration MIN_SETTLE = Duration.ofSeconds(20);

  /** How long the readings must stay the same to be taken. */
  static final Duration STABLE_FOR = Duration.ofSeconds(10);

  /** The longest wait for the readings to stay the same; past it, the last ones are taken. */
  static final Duration MAX_SETTLE = Duration.ofSeconds(60);

  /** Resident memory within this of the last reading counts as the same. */
  static final long RSS_TOLERANCE_BYTES = 1024 * 1024;

  /** Idle resident memory Windlass may hold. */
  static final long MAX_IDLE_RSS_BYTES = 80L * 1024 * 1024;

  /** Idle threads Windlass may run. */
  static final int MAX_IDLE_THREADS = 25;

  /** The longest time from spawn until healthy Windlass may take. */
  static final Duration MAX_TO_HEALTHY = Duration.ofSeconds(1);

  /**
   * Measures each agent: {@value #STARTS} fresh processes each, the agents' starts interleaved so
   * that a busy spell of the machine falls on both; the last process of each is left alone until
   * its readings settle, then all are closed.
   *
   * @param agents each a fresh, unstarted process of one agent per call
   * @return the figures, in the order of {@code agents}
   */
  static List<AtRest> measure(List<Supplier<BackendProcess>> agents) throws IOException {
    List<List<Double>> seconds = new ArrayList<>();
    agents.forEach(agent -> seconds.add(new ArrayList<>()));
    List<BackendProcess> running = new ArrayList<>();
    try {
      for (int start = 0; start < STARTS; start++) {
        running.forEach(BackendProcess::close);
        running.clear();
        for (int a = 0; a < agents.size(); a++) {
          BackendProcess process = agents.get(a).get();
          running.add(process);
          process.start();
          seconds.get(a).add(BenchmarkRounds.seconds(process.lastStartDuration().toNanos()));
        }
      }
      List<AtRest> figures = new ArrayList<>();
      for (int a = 0; a < agents.size(); a++) {
        Idle idle = settle(running.get(a).pid());
        double[] times = seconds.get(a).stream().mapToDouble(Double::doubleValue).toArray();
        figures.add(
            new AtRest(
                BenchmarkRounds.median(times),
                idle.usage().rssBytes(),
                idle.usage().threads(),
                idle.settled()));
      }
      return figures;
    } finally {
      running.forEach(BackendProcess::close);
    }
  }

  /** The readings once settled, and whether they did. */
  private record Idle(ProcessUsage usage, boolean settled) {}

  /**
   * Waits at least {@link #MIN_SETTLE}, then until the thread count and resident memory (within
   * {@link #RSS_TOLERANCE_BYTES}) have stayed the same for {@link #STABLE_FOR}, or {@link
   * #MAX_SETTLE} passed.
   */
  private static Idle settle(long pid) throws IOException {
    AtomicReference<ProcessUsage> last = new AtomicReference<>(ProcessUsage.of(pid));
    AtomicLong lastChange = new AtomicLong(System.nanoTime());
    try {
      await()
          .atMost(MAX_SETTLE)
          .pollDelay(MIN_SETTLE)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                ProcessUsage now = ProcessUsage.of(pid);
                ProcessUsage before = last.get();
                if (now.threads() != before.threads()
                    || Math.abs(now.rssBytes() - before.rssBytes()) > RSS_TOLERANCE_BYTES) {
                  last.set(now);
                  lastChange.set(System.nanoTime());
                }
                return System.nanoTime() - lastChange.get() >= STABLE_FOR.toNanos();
              });
      return new Idle(ProcessUsage.of(pid), true);
    } catch (ConditionTimeoutException unsettled) {
      return new Idle(ProcessUsage.of(pid), false);
    }
  }

  /** Prints the figures as {@code <name>.at-rest.<figure>}. */
  void print(String name) {
    figure(name + ".at-rest.start-to-healthy", secondsToHealthy, "s", 2);
    figure(name + ".at-rest.idle-rss", idleRssBytes / (1024.0 * 1024.0), "MiB", 1);
    figure(name + ".at-rest.idle-threads", idleThreads, "threads", 0);
    if (!settled) {
      System.out.println(name + ".at-rest.settled false (readings still changing)");
    }
  }

  /** Prints each figure of {@code ours} as a ratio to {@code peer}'s. */
  static void printRatios(String name, AtRest ours, AtRest peer) {
    figure(
        name + ".at-rest.start-to-healthy",
        ours.secondsToHealthy / peer.secondsToHealthy,
        "ratio",
        2);
    figure(name + ".at-rest.idle-rss", (double) ours.idleRssBytes / peer.idleRssBytes, "ratio", 2);
    figure(
        name + ".at-rest.idle-threads", (double) ours.idleThreads / peer.idleThreads, "ratio", 2);
  }
}
