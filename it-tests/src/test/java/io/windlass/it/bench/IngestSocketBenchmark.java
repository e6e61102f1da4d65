package io.windlass.it.bench;

import static io.windlass.it.bench.BenchmarkRounds.deleteTree;
import static io.windlass.it.bench.BenchmarkRounds.figure;
import static io.windlass.it.bench.BenchmarkRounds.loadAverage;
import static io.windlass.it.bench.BenchmarkRounds.median;

import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricRecorder;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.ingest.socket.IngestClient;
import io.windlass.spool.ingest.socket.IngestHandler;
import io.windlass.spool.socket.LineConnectionHandler;
import io.windlass.spool.socket.SocketListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures {@code ingest.sock}: metrics per second made durable in the spool through the ingest
 * socket by pipelining clients (the same client code as {@code windlass add-metric -}), next to the
 * same metrics recorded directly through the spool's API in the same run.
 *
 * <p>Every round starts a fresh spool directory (under {@code it-tests/target}, on the disk the
 * build runs on) and a real {@link SocketListener} serving {@link IngestHandler}; each client sends
 * {@link #LINES} lines of {@link #METRICS_PER_LINE} metrics, pipelined, and the round ends when the
 * last reply ({@code ok} only once durable) has arrived. Figures are medians over the timed rounds,
 * printed one per line as {@code name value unit}, then one PASS/FAIL line for the target of at
 * least 100,000 durable metrics per second.
 *
 * <p>Run: {@code mvn -B -q -P ingest-benchmark -pl it-tests -am -DskipTests test}.
 */
public final class IngestSocketBenchmark {
  private static final int WARMUP = Integer.getInteger("bench.warmup", 2);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
  static final int LINES = Integer.getInteger("bench.lines", 20_000);
  static final int METRICS_PER_LINE = 10;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Path root;
  private int roundNumber;

  private IngestSocketBenchmark(Path root) {
    this.root = root;
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of("target", "bench-ingest").toAbsolutePath();
    deleteTree(root);
    Files.createDirectories(root);
    System.out.printf(
        "# java %s, %d cpus, load average %.2f; %d warm-up rounds, then %d timed; medians%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        loadAverage(),
        WARMUP,
        ROUNDS);
    System.out.printf(
        "# spool on %s (%s); %d lines x %d metrics per client per round%n",
        root, Files.getFileStore(root).type(), LINES, METRICS_PER_LINE);
    IngestSocketBenchmark bench = new IngestSocketBenchmark(root);
    double direct = median(WARMUP, ROUNDS, i -> bench.directRound());
    figure("ingest.baseline.direct-recorder-1000-line-batches", direct, "metrics/s");
    double one = median(WARMUP, ROUNDS, i -> bench.socketRound(1));
    figure("ingest.socket.1-client", one, "metrics/s");
    double four = median(WARMUP, ROUNDS, i -> bench.socketRound(4));
    figure("ingest.socket.4-clients", four, "metrics/s");
    figure("ingest.socket.1-client-lines", one / METRICS_PER_LINE, "lines/s");
    figure("ingest.socket.1-client-vs-direct", 100 * one / direct, "%");
    System.out.printf(
        "%s ingest socket, 1 pipelining client: %.0f metrics/s >= 100000 metrics/s%n",
        one >= 100_000 ? "PASS" : "FAIL", one);
    deleteTree(root);
    System.exit(0);
  }

  /** Pipelines {@code clients} x {@link #LINES} lines through a real ingest socket. */
  private double socketRound(int clients) throws Exception {
    Path dir = nextRound();
    try (SpoolDirectory spool = SpoolDirectory.open(dir.resolve("spool"))) {
      IngestHandler handler =
          new IngestHandler(spool, DeclaredMetrics.any(), "agent-bench", Clock.systemUTC());
      Path socket = dir.resolve("in.sock");
      SocketListener listener =
          new SocketListener(
              socket,
              new LineConnectionHandler(handler),
              SocketListener.Settings.defaults().withTimeout(TIMEOUT));
      listener.startAsync().awaitRunning();
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      try {
        AtomicLong rejected = new AtomicLong();
        long start = System.nanoTime();
        List<Future<Long>> sent = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
          int client = c;
          sent.add(
              pool.submit(
                  () ->
                      IngestClient.pipeline(
                          socket,
                          lines(client),
                          (number, request, reply) -> {
                            if (!IngestClient.isOk(reply)) {
                              rejected.incrementAndGet();
                            }
                          },
                          TIMEOUT)));
        }
        long lines = 0;
        for (Future<Long> f : sent) {
          lines += f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (rejected.get() > 0 || lines != (long) clients * LINES) {
          throw new IllegalStateException(rejected + " lines rejected of " + lines);
        }
        return lines * METRICS_PER_LINE / seconds;
      } finally {
        pool.shutdownNow();
        listener.stopAsync().awaitTerminated();
      }
    }
  }

  /** The same metrics recorded directly, 1,000 lines' worth per batch, on one thread. */
  private double directRound() throws IOException {
    Path dir = nextRound();
    try (SpoolDirectory spool = SpoolDirectory.open(dir.resolve("spool"))) {
      Instant now = Instant.now();
      Map<String, String> labels = Map.of("host", "bench");
      long start = System.nanoTime();
      for (int batch = 0; batch < LINES / 1000; batch++) {
        MetricRecorder recorder = spool.recorder(DeclaredMetrics.any(), "local:ingest", "agent");
        for (int line = 0; line < 1000; line++) {
          for (int m = 0; m < METRICS_PER_LINE; m++) {
            recorder.addMetric("m" + m, Integer.toString(line), now, labels);
          }
        }
        recorder.close();
      }
      return (double) LINES * METRICS_PER_LINE / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static Iterable<String> lines(int client) {
    return () ->
        new java.util.Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < LINES;
          }

          @Override
          public String next() {
            StringBuilder line = new StringBuilder(160);
            for (int m = 0; m < METRICS_PER_LINE; m++) {
              line.append('m')
                  .append(m)
                  .append('=')
                  .append(i)
                  .append('.')
                  .append(client)
                  .append(' ');
            }
            line.append("--labels host=bench");
            i++;
            return line.toString();
          }
        };
  }

  private Path nextRound() throws IOException {
    Path dir = root.resolve("r" + roundNumber++);
    Files.createDirectories(dir);
    return dir;
  }
}
