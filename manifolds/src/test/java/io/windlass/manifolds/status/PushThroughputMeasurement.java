package io.windlass.manifolds.status;

import io.windlass.engine.EngineReport;
import io.windlass.manifolds.spool.LatestSamples;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricFactory;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.SpoolOptions;
import io.windlass.spool.ingest.http.HttpIngest;
import io.windlass.spool.ingest.http.PushFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * A quick local measurement of the push path's durable accept rate, not a timed test: a real status
 * server and spool, {@code clients} concurrent HTTP clients posting pre-built bodies of {@code
 * seriesPerBody × timestampsPerBody} samples until {@code totalSamples} are stored. Prints
 * samples/s from the first request to the last 204, and the peak heap.
 *
 * <pre>
 * java -Xmx128m -cp ... io.windlass.manifolds.status.PushThroughputMeasurement \
 *     [dir] [clients=10] [rounds=3] [format=prometheus|influx] [gzip=false]
 * </pre>
 */
public final class PushThroughputMeasurement {
  private static final int SERIES = 1_000;
  private static final int TIMESTAMPS = 1_000;
  private static final int TIMESTAMPS_PER_BODY = 10;
  private static final int BODIES = TIMESTAMPS / TIMESTAMPS_PER_BODY;

  /**
   * Distinct bodies built; they are posted in turn, {@link #BODIES} posts in all, so the client's
   * share of the heap stays small (the spool stores every post, repeated samples too).
   */
  private static final int DISTINCT_BODIES = 10;

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/push-measurement");
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    PushFormat format =
        args.length > 3 && args[3].equals("influx") ? PushFormat.INFLUX : PushFormat.PROMETHEUS;
    boolean gzip = args.length > 4 && Boolean.parseBoolean(args[4]);

    List<byte[]> bodies = bodies(format, gzip);
    long totalSamples = (long) SERIES * TIMESTAMPS;
    System.out.printf(
        "# %s, %d posts of %d samples (%d series x %d timestamps), %d clients, gzip %s,"
            + " max heap %d MiB, %d cpus%n",
        format.label(),
        BODIES,
        SERIES * TIMESTAMPS_PER_BODY,
        SERIES,
        TIMESTAMPS_PER_BODY,
        clients,
        gzip,
        Runtime.getRuntime().maxMemory() >> 20,
        Runtime.getRuntime().availableProcessors());
    System.out.printf(
        "# body size %d bytes, e.g. %s%n",
        bodies.get(0).length,
        gzip ? "(gzip)" : new String(bodies.get(0), 0, 120, StandardCharsets.UTF_8).split("\n")[0]);

    String external = System.getProperty("push.url");
    if (external != null) {
      // Another agent (vmagent, say) taking the same pushes, for comparison.
      URI uri = URI.create(external).resolve(format.path().substring(1));
      for (int round = 0; round < rounds; round++) {
        long nanos = post(uri, bodies, clients, gzip);
        System.out.printf(
            "round %d (%s): %d samples in %.3f s: %.0f samples/s accepted%n",
            round, uri, totalSamples, nanos / 1e9, totalSamples / (nanos / 1e9));
      }
      System.exit(0);
    }
    IngestSlot slot = new IngestSlot(); // parsers kept warm across rounds, as across restarts
    for (int round = 0; round < rounds; round++) {
      Path spoolDir = dir.resolve("spool-" + round);
      try (SpoolDirectory spool = SpoolDirectory.open(spoolDir, SpoolOptions.defaults())) {
        LatestSamples latest = new LatestSamples();
        MetricFactory teed = latest.tee(spool);
        HttpIngest ingest =
            new HttpIngest(
                teed,
                DeclaredMetrics.any(),
                "agent-bench",
                16L << 20,
                java.time.Clock.systemUTC(),
                io.windlass.spool.ingest.SampleTimeBounds.unbounded(),
                slot.stats(),
                slot.parsers());
        slot.attach(ingest);
        StatusServer.RequestCounters counters = new StatusServer.RequestCounters();
        StatusRoutes routes =
            new StatusRoutes(
                () -> new EngineReport("started", null, Map.of()),
                latest,
                slot,
                counters,
                new io.windlass.manifolds.stats.AgentStats());
        resetPeaks();
        try (StatusServer server =
            StatusServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Optional.empty(),
                16L << 20,
                routes.endpoints(),
                io.windlass.manifolds.config.StatusLimits.defaults(),
                StatusServer.Options.defaults(),
                counters)) {
          URI uri = URI.create(server.url()).resolve(format.path().substring(1));
          long nanos = post(uri, bodies, clients, gzip);
          long stored = spool.stats().publishedMetrics();
          System.out.printf(
              "round %d: %d samples in %.3f s: %.0f samples/s durable; spool published %d; peak heap"
                  + " %d MiB; latest series %d%n",
              round,
              totalSamples,
              nanos / 1e9,
              totalSamples / (nanos / 1e9),
              stored,
              peakHeap() >> 20,
              latest.size());
        }
      } finally {
        deleteTree(spoolDir);
      }
    }
    System.exit(0);
  }

  /** Posts {@link #BODIES} bodies from {@code clients} threads; the time it took, in ns. */
  private static long post(URI uri, List<byte[]> bodies, int clients, boolean gzip)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    HttpClient client =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool).build();
    AtomicInteger next = new AtomicInteger();
    ExecutorService posters = Executors.newFixedThreadPool(clients);
    try {
      long start = System.nanoTime();
      List<Future<Integer>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        done.add(
            posters.submit(
                () -> {
                  int posted = 0;
                  for (int i = next.getAndIncrement(); i < BODIES; i = next.getAndIncrement()) {
                    HttpRequest.Builder request =
                        HttpRequest.newBuilder(uri)
                            .POST(
                                HttpRequest.BodyPublishers.ofByteArray(
                                    bodies.get(i % bodies.size())));
                    if (gzip) {
                      request.header("Content-Encoding", "gzip");
                    }
                    HttpResponse<String> response =
                        client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() / 100 != 2) {
                      throw new IOException(response.statusCode() + " " + response.body());
                    }
                    posted++;
                  }
                  return posted;
                }));
      }
      for (Future<Integer> f : done) {
        f.get();
      }
      return System.nanoTime() - start;
    } finally {
      posters.shutdownNow();
      pool.shutdownNow();
    }
  }

  private static List<byte[]> bodies(PushFormat format, boolean gzip) throws IOException {
    List<byte[]> bodies = new ArrayList<>();
    long t0 = Instant.parse("2025-01-02T03:00:00Z").toEpochMilli();
    for (int b = 0; b < DISTINCT_BODIES; b++) {
      StringBuilder text = new StringBuilder(SERIES * TIMESTAMPS_PER_BODY * 80);
      for (int t = 0; t < TIMESTAMPS_PER_BODY; t++) {
        long ms = t0 + (b * TIMESTAMPS_PER_BODY + t) * 10_000L;
        for (int s = 0; s < SERIES; s++) {
          double value = (s * 31 + b * 7 + t) % 1000 / 4.0;
          if (format == PushFormat.PROMETHEUS) {
            text.append("bench_requests{instance=\"host-")
                .append(s % 50)
                .append("\",job=\"bench\",series=\"")
                .append(s)
                .append("\"} ")
                .append(value)
                .append(' ')
                .append(ms)
                .append('\n');
          } else {
            text.append("bench,instance=host-")
                .append(s % 50)
                .append(",job=bench,series=")
                .append(s)
                .append(" requests=")
                .append(value)
                .append(' ')
                .append(ms * 1_000_000L)
                .append('\n');
          }
        }
      }
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      if (gzip) {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
          out.write(bytes);
        }
        bytes = zipped.toByteArray();
      }
      bodies.add(bytes);
    }
    return bodies;
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private PushThroughputMeasurement() {}
}
