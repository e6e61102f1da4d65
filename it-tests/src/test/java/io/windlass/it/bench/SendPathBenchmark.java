package io.windlass.it.bench;

import static io.windlass.it.bench.BenchmarkRounds.deleteTree;
import static io.windlass.it.bench.BenchmarkRounds.figure;
import static io.windlass.it.bench.BenchmarkRounds.loadAverage;
import static io.windlass.it.bench.BenchmarkRounds.medians;
import static io.windlass.it.bench.BenchmarkRounds.quiesceHeap;

import com.google.common.collect.ImmutableSortedMap;
import io.windlass.it.backend.VectorSample;
import io.windlass.it.backend.VictoriaMetricsServer;
import io.windlass.spool.BatchCursor;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.JsonMetricReader;
import io.windlass.spool.JsonMetricRecorder;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.SpoolOptions;
import io.windlass.spool.sender.RemoteWriteSink;
import io.windlass.spool.sender.SendRound;
import io.windlass.spool.sender.SenderSettings;
import io.windlass.spool.sender.SenderStats;
import io.windlass.spool.sender.SenderWorker;
import io.windlass.spool.sender.SinkEncoding;
import io.windlass.spool.sender.SinkRequest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The forwarding path's CPU cost: prints one figure per line as {@code name value unit}, each the
 * median of the timed rounds after warm-up rounds (for the JIT). A round is
 *
 * <ol>
 *   <li><b>record</b>: {@code bench.batches} batches (100) of {@code bench.metrics} metrics
 *       (10,000: 100 keys × 100 values of one label, decimal values, one time per batch) recorded
 *       through {@link SpoolDirectory#recorder}, each batch closed (durable) in turn, on one
 *       thread;
 *   <li><b>decode</b>: every batch read back through a {@link BatchCursor} (files read, JSON
 *       decoded into {@link MetricBatch}es), not removed;
 *   <li><b>encode</b>: the same read again, in the windows the sender reads ({@link
 *       SenderWorker#WINDOW_BATCHES} batches and {@code maxRequestBytes} of files), each window
 *       encoded by {@link RemoteWriteSink#encode} (remote write protobuf and snappy), nothing sent:
 *       what the sender costs in-process, without HTTP;
 *   <li><b>send</b>: a {@link SenderWorker} with a {@link RemoteWriteSink} sending the whole spool
 *       ({@link SenderWorker#sendNow()}) to a real VictoriaMetrics ({@link VictoriaMetricsServer}),
 *       which removes every batch.
 * </ol>
 *
 * <p>CPU is the benchmark process's ({@code OperatingSystemMXBean.getProcessCpuTime}: every thread,
 * GC and JIT included), over the phase, per million metrics; {@code kernel-cpu} is the part spent
 * in the kernel ({@code stime} of {@code /proc/self/stat}, 10 ms ticks). The send also reports it
 * split ({@code ThreadMXBean}): the sender threads' ({@code windlass-sender-*}: the round thread
 * reading, decoding, encoding, compressing and removing, and the threads writing the requests to
 * the sockets, {@code bench.concurrency} of them), the JDK's HTTP client threads' (named {@code
 * HttpClient-*}), and the rest (JIT compilers, GC, other JVM threads); the bytes the sender threads
 * allocated per metric; and the TCP connections VictoriaMetrics accepted meanwhile ({@code
 * vm_tcplistener_accepts_total}: 0 when the sender keeps its connection alive). VictoriaMetrics
 * runs in its own process and is not counted. Each round's samples have their own timestamps; at
 * the end VictoriaMetrics is asked how many samples it holds, which must be every one sent.
 *
 * <p>Settings are system properties: {@code bench.warmup} (3), {@code bench.rounds} (5), {@code
 * bench.batches} (100), {@code bench.metrics} (10,000), {@code bench.concurrency} (the sender's
 * requests in flight, default {@value SenderSettings#DEFAULT_CONCURRENCY}), {@code bench.dir} (the
 * spool's parent, default {@code target/send-bench}). Run with {@code mvn -B -q -P
 * send-path-benchmark -pl it-tests -am -DskipTests test}; see {@code docs/PERFORMANCE.md}.
 */
public final class SendPathBenchmark {
  private static final int WARMUP = Integer.getInteger("bench.warmup", 3);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
  private static final int BATCHES = Integer.getInteger("bench.batches", 100);
  private static final int METRICS = Integer.getInteger("bench.metrics", 10_000);
  private static final int CONCURRENCY =
      Integer.getInteger("bench.concurrency", SenderSettings.DEFAULT_CONCURRENCY);
  private static final int KEYS = 100;
  private static final String KEY_PREFIX = "sendbench_metric_";
  private static final String CHARM_URL = "input:bench";
  private static final String UNIT_TAG = "agent-bench";
  private static final Duration BATCH_STEP = Duration.ofSeconds(10);

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final com.sun.management.ThreadMXBean THREADS_MX =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The figures of one round, in the order {@link #round} returns them. */
  private static final String[][] NAMES = {
    {"record.cpu-per-million", "s"},
    {"record.kernel-cpu-per-million", "s"},
    {"record.wall-per-million", "s"},
    {"decode.cpu-per-million", "s"},
    {"decode.allocated-per-metric", "bytes"},
    {"encode.cpu-per-million", "s"},
    {"encode.allocated-per-metric", "bytes"},
    {"encode.requests", "requests"},
    {"encode.compressed-bytes-per-metric", "bytes"},
    {"send.cpu-per-million", "s"},
    {"send.kernel-cpu-per-million", "s"},
    {"send.sender-thread-cpu-per-million", "s"},
    {"send.sender-thread-kernel-cpu-per-million", "s"},
    {"send.http-client-threads-cpu-per-million", "s"},
    {"send.http-client-threads-kernel-cpu-per-million", "s"},
    {"send.other-cpu-per-million", "s"},
    {"send.sender-thread-allocated-per-metric", "bytes"},
    {"send.connections-opened", "connections"},
    {"send.wall-per-million", "s"},
    {"record+send.cpu-per-million", "s"},
  };

  private final Path spoolDir;
  private final Workload workload = new Workload();
  private final Instant start;

  private SendPathBenchmark(Path spoolDir, Instant start) {
    this.spoolDir = spoolDir;
    this.start = start;
  }

  public static void main(String[] args) throws Exception {
    Path root = Paths.get(System.getProperty("bench.dir", "target/send-bench")).toAbsolutePath();
    deleteTree(root);
    Files.createDirectories(root);
    THREADS_MX.setThreadAllocatedMemoryEnabled(true);
    System.out.printf(
        Locale.ROOT,
        "# java %s, %d cpus, max heap %d MiB, load average %.2f; %d warm-up rounds, then %d timed;"
            + " medians%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        loadAverage(),
        WARMUP,
        ROUNDS);
    System.out.printf(
        Locale.ROOT,
        "# %d batches of %d metrics per round (%d keys x %d label values), spool in %s%n",
        BATCHES,
        METRICS,
        KEYS,
        METRICS / KEYS,
        root);
    // A day back, so that every round's timestamps are in the past and within retention.
    Instant start = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
    SendPathBenchmark bench = new SendPathBenchmark(root.resolve("spool"), start.plusMillis(123));
    try (VictoriaMetricsServer vm = new VictoriaMetricsServer().start()) {
      double[] figures = bench.run(vm);
      for (int i = 0; i < NAMES.length; i++) {
        figure(NAMES[i][0], figures[i], NAMES[i][1], NAMES[i][1].equals("s") ? 3 : 0);
      }
      long expected = (long) (WARMUP + ROUNDS) * BATCHES * METRICS;
      long stored = bench.storedSamples(vm);
      figure("check.samples-in-victoriametrics", stored, "samples", 0);
      figure("check.samples-sent", expected, "samples", 0);
      if (stored != expected) {
        throw new IllegalStateException(
            "VictoriaMetrics holds " + stored + " samples; " + expected + " were sent");
      }
    } finally {
      deleteTree(root);
    }
    System.out.printf(Locale.ROOT, "# load average at the end %.2f%n", loadAverage());
  }

  private double[] run(VictoriaMetricsServer vm) throws Exception {
    SenderSettings settings =
        SenderSettings.builder(vm.remoteWriteUri())
            .interval(Duration.ofHours(1))
            .jitter(Duration.ZERO)
            .timeout(Duration.ofSeconds(60))
            .concurrency(CONCURRENCY)
            .sendFullRequestsAtOnce(false) // the rounds measure record, decode, encode, send apart
            .build();
    try (SpoolDirectory spool = SpoolDirectory.open(spoolDir, SpoolOptions.defaults());
        JsonMetricReader reader = spool.reader()) {
      RemoteWriteSink sink = new RemoteWriteSink(settings, Clock.systemUTC());
      SenderWorker sender = new SenderWorker(spool, sink, settings);
      sender.startAsync().awaitRunning();
      sender.sendNow().get(); // the first round, on the empty spool: the worker is idle after it
      try {
        int[] rounds = {0};
        return medians(
            WARMUP,
            ROUNDS,
            ignored -> round(rounds[0]++, vm, spool, reader, sink, sender, settings));
      } finally {
        sender.stopAsync().awaitTerminated(30, TimeUnit.SECONDS);
      }
    }
  }

  private double[] round(
      int round,
      VictoriaMetricsServer vm,
      SpoolDirectory spool,
      JsonMetricReader reader,
      RemoteWriteSink sink,
      SenderWorker sender,
      SenderSettings settings)
      throws Exception {
    double million = (double) BATCHES * METRICS / 1e6;
    long metrics = (long) BATCHES * METRICS;

    quiesceHeap();
    CpuTimes cpu = CpuTimes.now();
    long wall = System.nanoTime();
    record(spool, round);
    CpuTimes recordCpu = CpuTimes.now().minus(cpu);
    double recordWall = (System.nanoTime() - wall) / 1e9;

    quiesceHeap();
    long allocated = allocatedBytes();
    cpu = CpuTimes.now();
    long decoded = decode(reader);
    CpuTimes decodeCpu = CpuTimes.now().minus(cpu);
    double decodeAllocated = (double) (allocatedBytes() - allocated) / metrics;
    check("decoded", decoded, metrics);

    quiesceHeap();
    allocated = allocatedBytes();
    cpu = CpuTimes.now();
    long[] encoded = encode(reader, sink, settings.maxRequestBytes());
    CpuTimes encodeCpu = CpuTimes.now().minus(cpu);
    double encodeAllocated = (double) (allocatedBytes() - allocated) / metrics;
    check("encoded", encoded[0], metrics);

    quiesceHeap();
    SenderStats before = sender.stats();
    Map<Long, CpuTimes> senderBefore = threadsCpu("windlass-sender-");
    Map<Long, Long> senderAllocatedBefore = threadsAllocated("windlass-sender-");
    Map<Long, CpuTimes> httpBefore = threadsCpu("HttpClient-");
    long connections = acceptedConnections(vm);
    cpu = CpuTimes.now();
    wall = System.nanoTime();
    SendRound sent = sender.sendNow().get();
    double sendWall = (System.nanoTime() - wall) / 1e9;
    CpuTimes sendCpu = CpuTimes.now().minus(cpu);
    CpuTimes sendThreadCpu = since(senderBefore, threadsCpu("windlass-sender-"));
    CpuTimes httpCpu = since(httpBefore, threadsCpu("HttpClient-"));
    long senderAllocated = 0;
    for (Map.Entry<Long, Long> thread : threadsAllocated("windlass-sender-").entrySet()) {
      senderAllocated +=
          thread.getValue() - senderAllocatedBefore.getOrDefault(thread.getKey(), 0L);
    }
    double sendAllocated = (double) senderAllocated / metrics;
    SenderStats after = sender.stats();
    if (sent.failure().isPresent()
        || after.sentMetrics() - before.sentMetrics() != metrics
        || after.rejectedBatches() != before.rejectedBatches()
        || spool.stats().batches() != 0) {
      throw new IllegalStateException(
          "round " + round + " did not send everything: " + sent + ", " + after);
    }

    return new double[] {
      recordCpu.seconds() / million,
      recordCpu.kernelSeconds() / million,
      recordWall / million,
      decodeCpu.seconds() / million,
      decodeAllocated,
      encodeCpu.seconds() / million,
      encodeAllocated,
      encoded[1],
      (double) encoded[2] / metrics,
      sendCpu.seconds() / million,
      sendCpu.kernelSeconds() / million,
      sendThreadCpu.seconds() / million,
      sendThreadCpu.kernelSeconds() / million,
      httpCpu.seconds() / million,
      httpCpu.kernelSeconds() / million,
      (sendCpu.seconds() - sendThreadCpu.seconds() - httpCpu.seconds()) / million,
      sendAllocated,
      acceptedConnections(vm) - connections,
      sendWall / million,
      (recordCpu.seconds() + sendCpu.seconds()) / million,
    };
  }

  /** Records the round's batches, one after another, each closed. */
  private void record(SpoolDirectory spool, int round) throws Exception {
    DeclaredMetrics declared = DeclaredMetrics.any();
    for (int b = 0; b < BATCHES; b++) {
      Instant time = batchTime(round, b);
      try (JsonMetricRecorder recorder = spool.recorder(declared, CHARM_URL, UNIT_TAG)) {
        for (int i = 0; i < METRICS; i++) {
          recorder.addMetric(
              workload.key(i), workload.value(b * METRICS + i), time, workload.labels(i));
        }
      }
    }
  }

  /** Reads every batch; returns the metrics read. */
  private static long decode(JsonMetricReader reader) throws Exception {
    long metrics = 0;
    try (BatchCursor cursor = reader.oldestFirst(Integer.MAX_VALUE, Long.MAX_VALUE)) {
      for (MetricBatch batch = cursor.next(); batch != null; batch = cursor.next()) {
        metrics += batch.metrics().size();
      }
    }
    return metrics;
  }

  /**
   * Reads every batch in the sender's windows and encodes each window; returns {metrics encoded,
   * requests, compressed bytes}.
   */
  private static long[] encode(JsonMetricReader reader, RemoteWriteSink sink, long maxWindowBytes)
      throws Exception {
    long[] totals = new long[3];
    List<MetricBatch> window = new ArrayList<>();
    long windowBytes = 0;
    try (BatchCursor cursor = reader.oldestFirst(Integer.MAX_VALUE, Long.MAX_VALUE)) {
      long read = 0;
      for (MetricBatch batch = cursor.next(); batch != null; batch = cursor.next()) {
        long bytes = cursor.bytes() - read;
        read = cursor.bytes();
        if (!window.isEmpty()
            && (window.size() == SenderWorker.WINDOW_BATCHES
                || windowBytes + bytes > maxWindowBytes)) {
          encodeWindow(sink, window, totals);
          window.clear();
          windowBytes = 0;
        }
        window.add(batch);
        windowBytes += bytes;
      }
    }
    if (!window.isEmpty()) {
      encodeWindow(sink, window, totals);
    }
    return totals;
  }

  private static void encodeWindow(RemoteWriteSink sink, List<MetricBatch> window, long[] totals) {
    SinkEncoding encoding = sink.encode(window);
    if (!encoding.unencodable().isEmpty()) {
      throw new IllegalStateException("unencodable: " + encoding.unencodable());
    }
    for (SinkRequest request : encoding.requests()) {
      totals[0] += request.metrics();
      totals[1]++;
      totals[2] += request.body().length;
    }
  }

  /** The samples VictoriaMetrics holds of this benchmark's series. */
  private long storedSamples(VictoriaMetricsServer vm) {
    Instant end = batchTime(WARMUP + ROUNDS, 0);
    long rangeSeconds = Duration.between(start, end).getSeconds() + 60;
    List<VectorSample> result =
        vm.query(
            "sum(count_over_time({__name__=~\"" + KEY_PREFIX + ".*\"}[" + rangeSeconds + "s]))",
            end);
    return result.isEmpty() ? 0 : (long) result.get(0).value();
  }

  /** Every batch of every round has its own time, so that no sample repeats another. */
  private Instant batchTime(int round, int batch) {
    return start.plus(BATCH_STEP.multipliedBy((long) round * BATCHES + batch));
  }

  /** The CPU times so far of each live thread whose name starts with {@code prefix}, by id. */
  private static Map<Long, CpuTimes> threadsCpu(String prefix) {
    Map<Long, CpuTimes> cpu = new HashMap<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith(prefix)) {
        cpu.put(thread.getId(), CpuTimes.ofThread(thread.getId()));
      }
    }
    return cpu;
  }

  /** The bytes allocated so far by each live thread whose name starts with {@code prefix}. */
  private static Map<Long, Long> threadsAllocated(String prefix) {
    Map<Long, Long> allocated = new HashMap<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith(prefix)) {
        allocated.put(thread.getId(), THREADS_MX.getThreadAllocatedBytes(thread.getId()));
      }
    }
    return allocated;
  }

  /**
   * The CPU the threads of {@code now} used since {@code before} (a thread new since, all of it).
   */
  private static CpuTimes since(Map<Long, CpuTimes> before, Map<Long, CpuTimes> now) {
    CpuTimes used = new CpuTimes(0, 0);
    for (Map.Entry<Long, CpuTimes> thread : now.entrySet()) {
      used =
          used.plus(
              thread.getValue().minus(before.getOrDefault(thread.getKey(), new CpuTimes(0, 0))));
    }
    return used;
  }

  /** The TCP connections VictoriaMetrics' HTTP listener has accepted so far. */
  private static long acceptedConnections(VictoriaMetricsServer vm) throws Exception {
    HttpResponse<String> metrics =
        HTTP.send(
            HttpRequest.newBuilder(vm.uri("/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    long accepted = 0;
    for (String line : metrics.body().split("\n")) {
      if (line.startsWith("vm_tcplistener_accepts_total")) {
        accepted += Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return accepted;
  }

  /**
   * CPU time, in all and in the kernel: of the process ({@code getProcessCpuTime}, and {@code
   * stime} of {@code /proc/self/stat}, in 10 ms ticks) or of one thread ({@code ThreadMXBean}).
   */
  private record CpuTimes(long nanos, long kernelNanos) {
    static CpuTimes now() throws IOException {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long kernelTicks = Long.parseLong(fields[12]); // stime
      return new CpuTimes(OS.getProcessCpuTime(), kernelTicks * 10_000_000L);
    }

    static CpuTimes ofThread(long id) {
      long total = THREADS_MX.getThreadCpuTime(id);
      return new CpuTimes(total, total - THREADS_MX.getThreadUserTime(id));
    }

    CpuTimes minus(CpuTimes earlier) {
      return new CpuTimes(nanos - earlier.nanos, kernelNanos - earlier.kernelNanos);
    }

    CpuTimes plus(CpuTimes other) {
      return new CpuTimes(nanos + other.nanos, kernelNanos + other.kernelNanos);
    }

    double seconds() {
      return nanos / 1e9;
    }

    double kernelSeconds() {
      return kernelNanos / 1e9;
    }
  }

  private static long allocatedBytes() {
    return THREADS_MX.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  private static void check(String what, long got, long expected) {
    if (got != expected) {
      throw new IllegalStateException(what + " " + got + " metrics of " + expected);
    }
  }

  /**
   * The metrics every round records, made before the clock starts: {@value #KEYS} keys, each with
   * {@code bench.metrics / KEYS} values of the label {@code instance}, and decimal values like
   * {@code 37.125}.
   */
  private static final class Workload {
    private static final int VALUES = 4096;
    private final String[] keys = new String[KEYS];
    private final List<Map<String, String>> labels = new ArrayList<>();
    private final String[] values = new String[VALUES];

    Workload() {
      for (int k = 0; k < KEYS; k++) {
        keys[k] = KEY_PREFIX + String.format(Locale.ROOT, "%03d", k);
      }
      for (int l = 0; l < METRICS / KEYS; l++) {
        labels.add(ImmutableSortedMap.of("instance", String.format(Locale.ROOT, "host-%03d", l)));
      }
      SplittableRandom random = new SplittableRandom(5);
      for (int i = 0; i < VALUES; i++) {
        values[i] = String.format(Locale.ROOT, "%.3f", random.nextInt(10_000_000) / 1000.0);
      }
    }

    String key(int i) {
      return keys[i % KEYS];
    }

    Map<String, String> labels(int i) {
      return labels.get(i / KEYS % labels.size());
    }

    String value(int i) {
      return values[i & (VALUES - 1)];
    }
  }
}
