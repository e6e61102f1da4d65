package io.windlass.it.bench;

import static io.windlass.it.bench.BenchmarkRounds.deleteTree;
import static io.windlass.it.bench.BenchmarkRounds.figure;
import static io.windlass.it.bench.BenchmarkRounds.loadAverage;
import static io.windlass.it.bench.BenchmarkRounds.median;
import static io.windlass.it.bench.BenchmarkRounds.medians;
import static io.windlass.it.bench.BenchmarkRounds.millis;
import static io.windlass.it.bench.BenchmarkRounds.quiesceHeap;
import static io.windlass.it.bench.BenchmarkRounds.seconds;
import static io.windlass.it.bench.BenchmarkRounds.usedHeapAfterGc;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.windlass.spool.BatchCursor;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.JsonMetricReader;
import io.windlass.spool.JsonMetricRecorder;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.SpoolOptions;
import io.windlass.spool.SpoolStats;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The spool store's benchmark: prints one figure per line as {@code name value unit}, the spool's
 * figures next to baselines measured in the same run and in the same directory, then one PASS/FAIL
 * line per target. Each scenario runs warm-up rounds, then timed rounds, and reports the median.
 *
 * <ol>
 *   <li><b>Disk limits</b>, in the same directory: fsync'd publishes of a small file (create, write
 *       200 bytes, {@code force(false)}, rename, {@code force} the directory), from one thread and
 *       from {@code bench.threads}, and of two such files per publish (the least the spool's layout
 *       needs, without group commit); sequential writes of {@code bench.seqMiB} MiB in 1 MiB chunks
 *       with a final {@code force}; and creating small files without syncing.
 *   <li><b>Durable writes</b>: batches of 1, 100 and 1,000 metrics recorded through {@link
 *       SpoolDirectory#recorder} from {@code bench.threads} threads and from one; a batch is
 *       durable when {@code close()} returns. Also the batches per directory sync (group commit),
 *       the mean time in {@code close()} and the bytes allocated per metric on the writer threads
 *       ({@code ThreadMXBean}).
 *   <li><b>Baseline writes</b>: the same batches written as Juju's recorder writes them: Jackson
 *       encodes each metric as one line into a temporary file that is renamed into place, data then
 *       metadata, and nothing is synced.
 *   <li><b>Paired</b>: rounds of the small-file publish limit and of durable batches of 1, back to
 *       back, each from {@code bench.threads} threads; the target is the median ratio.
 *   <li><b>Drain</b>: a backlog read oldest first ({@link
 *       io.windlass.spool.MetricReader#oldestFirst}) and each batch removed, on one thread.
 *   <li><b>Heap</b>: used heap after GC with a {@link SpoolDirectory} open over a backlog, minus
 *       before opening it; and the time to open (list and index) it.
 * </ol>
 *
 * <p>Every file goes under {@code bench.dir} (default {@code target/spool-bench}, relative to the
 * working directory; the Maven profile passes {@code it-tests/target/spool-bench}); the header
 * names its file system. Settings are system properties: {@code bench.warmup} (2), {@code
 * bench.rounds} (5), {@code bench.threads} (8), {@code bench.batches1} (2,000 batches of 1 per
 * round), {@code bench.batches100} (1,000), {@code bench.batches1000} (300), {@code bench.seqMiB}
 * (256), {@code bench.drainBatches1} (2,000), {@code bench.drainBatches100} (1,000), {@code
 * bench.drainBatches1000} (200), {@code bench.heapBatches} (20,000), {@code bench.heapRounds} (3),
 * {@code bench.sizes} ({@code 1,100,1000}) and {@code bench.only} (scenarios, default {@code
 * disk,write,baseline,paired,drain,heap}). See {@code docs/PERFORMANCE.md}.
 */
public final class SpoolBenchmark {
  private static final int WARMUP = Integer.getInteger("bench.warmup", 2);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
  private static final int THREADS = Integer.getInteger("bench.threads", 8);
  private static final int SEQ_MIB = Integer.getInteger("bench.seqMiB", 256);
  private static final int HEAP_BATCHES = Integer.getInteger("bench.heapBatches", 20_000);
  private static final int HEAP_ROUNDS = Integer.getInteger("bench.heapRounds", 3);
  private static final int[] SIZES =
      Arrays.stream(System.getProperty("bench.sizes", "1,100,1000").split(","))
          .mapToInt(Integer::parseInt)
          .toArray();
  private static final String ALL = "disk,write,baseline,paired,drain,heap";
  private static final List<String> ONLY =
      List.of(System.getProperty("bench.only", ALL).split(","));
  private static final String CHARM_URL = "input:cpu";
  private static final String UNIT_TAG = "agent-bench";
  private static final int SMALL_FILE_BYTES = 200;

  private static final com.sun.management.ThreadMXBean THREADS_MX =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final Path root;
  private final Workload workload = new Workload();
  private final List<String> verdicts = new ArrayList<>();
  private int dirCounter;

  private SpoolBenchmark(Path root) {
    this.root = root;
  }

  public static void main(String[] args) throws Exception {
    Path root = Paths.get(System.getProperty("bench.dir", "target/spool-bench")).toAbsolutePath();
    deleteTree(root);
    Files.createDirectories(root);
    FileStore store = Files.getFileStore(root);
    THREADS_MX.setThreadAllocatedMemoryEnabled(true);
    System.out.printf(
        Locale.ROOT,
        "# java %s, %d cpus, max heap %d MiB, load average %.2f; %d warm-up rounds, then %d timed"
            + " (heap %d); medians%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        loadAverage(),
        WARMUP,
        ROUNDS,
        HEAP_ROUNDS);
    System.out.printf(
        Locale.ROOT,
        "# directory %s on %s (type %s)%n# %d writer threads; batches per round: %d of 1, %d of"
            + " 100, %d of 1000; drain backlogs: %d of 1, %d of 100, %d of 1000; heap backlog: %d;"
            + " metric line %d bytes, e.g. %s%n",
        root,
        store.name(),
        store.type(),
        THREADS,
        batchesPerRound(1),
        batchesPerRound(100),
        batchesPerRound(1000),
        drainBatches(1),
        drainBatches(100),
        drainBatches(1000),
        HEAP_BATCHES,
        Workload.LINE_BYTES,
        Workload.SAMPLE_LINE);
    SpoolBenchmark bench = new SpoolBenchmark(root);
    try {
      bench.run();
    } finally {
      deleteTree(root);
    }
    System.out.printf(Locale.ROOT, "# load average at the end %.2f%n", loadAverage());
    bench.verdicts.forEach(System.out::println);
  }

  private void run() throws Exception {
    if (!String.join(",", ONLY).equals(ALL)) {
      System.out.println("# partial run: " + ONLY);
    }
    // Disk limits first, then the spool, then the baseline, all in the same directory.
    if (ONLY.contains("disk")) {
      figure("disk.publish.t1", median(WARMUP, ROUNDS, i -> diskPublishes(1, 1)), "publishes/s");
      figure(
          "disk.publish.t" + THREADS,
          median(WARMUP, ROUNDS, i -> diskPublishes(THREADS, 1)),
          "publishes/s");
      figure(
          "disk.publish-2-files.t" + THREADS,
          median(WARMUP, ROUNDS, i -> diskPublishes(THREADS, 2)),
          "publishes/s");
      figure("disk.seqwrite-fsync", median(WARMUP, ROUNDS, i -> sequentialWrite()), "MB/s");
      figure("disk.create-no-sync.t1", median(WARMUP, ROUNDS, i -> creates()), "files/s");
    }

    double[][] spoolThreads = new double[SIZES.length][];
    if (ONLY.contains("write")) {
      for (int s = 0; s < SIZES.length; s++) {
        int size = SIZES[s];
        for (int threads : new int[] {THREADS, 1}) {
          double[] r = medians(WARMUP, ROUNDS, i -> spoolWrite(size, threads));
          String name = "write.spool.b" + size + ".t" + threads;
          figure(name + ".batches", r[0], "batches/s");
          figure(name + ".metrics", r[1], "metrics/s");
          figure(name + ".data", r[1] * Workload.LINE_BYTES / 1e6, "MB/s");
          figure(name + ".batches-per-dir-sync", r[2], "batches");
          figure(name + ".alloc", r[3], "bytes/metric");
          figure(name + ".close-latency", r[4], "ms");
          if (threads == THREADS) {
            spoolThreads[s] = r;
          }
        }
      }
    }
    if (ONLY.contains("baseline")) {
      for (int size : SIZES) {
        for (int threads : new int[] {THREADS, 1}) {
          double[] r = medians(WARMUP, ROUNDS, i -> baselineWrite(size, threads));
          String name = "write.baseline-nosync.b" + size + ".t" + threads;
          figure(name + ".batches", r[0], "batches/s");
          figure(name + ".metrics", r[1], "metrics/s");
          figure(name + ".alloc", r[2], "bytes/metric");
        }
      }
    }
    if (ONLY.contains("drain")) {
      for (int size : SIZES) {
        double[] r = medians(WARMUP, ROUNDS, i -> drain(size));
        String name = "drain.spool.b" + size;
        figure(name + ".batches", r[0], "batches/s");
        figure(name + ".metrics", r[1], "metrics/s");
        figure(name + ".alloc", r[2], "bytes/metric");
      }
    }
    double pairedRatio = Double.NaN;
    if (ONLY.contains("paired")) {
      // Load from other processes moves the disk's figures by a factor of several between minutes,
      // so the size-1 target compares rounds run back to back: a publish round, then a spool round.
      double[] r =
          medians(
              WARMUP,
              ROUNDS,
              i -> {
                double disk = diskPublishes(THREADS, 1);
                double spool = spoolWrite(1, THREADS)[0];
                return new double[] {disk, spool, spool / disk};
              });
      figure("paired.disk.publish.t" + THREADS, r[0], "publishes/s");
      figure("paired.write.spool.b1.t" + THREADS + ".batches", r[1], "batches/s");
      figure("paired.spool-to-disk-ratio", r[2], "ratio");
      pairedRatio = r[2];
    }
    if (ONLY.contains("heap")) {
      double[] heap = heap();
      figure("heap.spool.open-" + HEAP_BATCHES + "-batches", heap[0], "ms");
      figure("heap.spool.retained-" + HEAP_BATCHES + "-batches", heap[1], "bytes");
      figure("heap.spool.retained-per-batch", heap[1] / HEAP_BATCHES, "bytes");
    }

    if (spoolThreads.length == 3 && spoolThreads[2] != null) {
      target(
          "durable metrics/s at batch size 1000 (" + THREADS + " threads)",
          spoolThreads[2][1],
          1_000_000,
          "metrics/s");
    }
    if (!Double.isNaN(pairedRatio)) {
      target(
          "size-1 durable batches/s over the fsync'd publish limit, paired rounds ("
              + THREADS
              + " threads)",
          pairedRatio,
          0.7,
          "ratio");
    }
  }

  // ------------------------------------------------------------------ disk limits

  /**
   * Durable publishes by {@code threads} threads; returns publishes per second. Each publish writes
   * {@code files} small files under temporary names, forces each, renames each into place and
   * forces the directory (its own directory sync: no grouping). One file is the disk's publish
   * limit; two are what the spool's layout (data and {@code .meta}) needs at the least.
   */
  private double diskPublishes(int threads, int files) throws Exception {
    Path dir = freshDirectory("publish");
    int total = batchesPerRound(1);
    byte[] payload = new byte[SMALL_FILE_BYTES];
    Arrays.fill(payload, (byte) 'x');
    payload[payload.length - 1] = '\n';
    AtomicInteger next = new AtomicInteger();
    try (FileChannel dirChannel = FileChannel.open(dir, StandardOpenOption.READ)) {
      long nanos =
          runThreads(
              threads,
              () -> {
                int n;
                while ((n = next.getAndIncrement()) < total) {
                  for (int f = 0; f < files; f++) {
                    Path temp = dir.resolve(".f" + n + "-" + f + ".tmp");
                    try (FileChannel ch =
                        FileChannel.open(
                            temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                      ByteBuffer buffer = ByteBuffer.wrap(payload);
                      while (buffer.hasRemaining()) {
                        ch.write(buffer);
                      }
                      ch.force(false);
                    }
                  }
                  for (int f = 0; f < files; f++) {
                    Files.move(
                        dir.resolve(".f" + n + "-" + f + ".tmp"),
                        dir.resolve("f" + n + "-" + f),
                        StandardCopyOption.ATOMIC_MOVE);
                  }
                  dirChannel.force(true);
                }
              });
      return total / seconds(nanos);
    } finally {
      deleteTree(dir);
    }
  }

  /** Small files created, written and closed by one thread, nothing synced; returns files/s. */
  private double creates() throws IOException {
    Path dir = freshDirectory("create");
    int total = batchesPerRound(1);
    byte[] payload = new byte[SMALL_FILE_BYTES];
    try {
      long start = System.nanoTime();
      for (int n = 0; n < total; n++) {
        try (FileChannel ch =
            FileChannel.open(
                dir.resolve("c" + n), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          ch.write(ByteBuffer.wrap(payload));
        }
      }
      return total / seconds(System.nanoTime() - start);
    } finally {
      deleteTree(dir);
    }
  }

  /** {@code bench.seqMiB} MiB written in 1 MiB chunks, then forced; returns MB/s (10^6). */
  private double sequentialWrite() throws IOException {
    Path dir = freshDirectory("seq");
    byte[] chunk = new byte[1 << 20];
    new SplittableRandom(7).nextBytes(chunk);
    try {
      long start = System.nanoTime();
      try (FileChannel ch =
          FileChannel.open(
              dir.resolve("big"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        for (int i = 0; i < SEQ_MIB; i++) {
          ByteBuffer buffer = ByteBuffer.wrap(chunk);
          while (buffer.hasRemaining()) {
            ch.write(buffer);
          }
        }
        ch.force(false);
      }
      long nanos = System.nanoTime() - start;
      return ((double) SEQ_MIB * chunk.length / 1e6) / seconds(nanos);
    } finally {
      deleteTree(dir);
    }
  }

  // ------------------------------------------------------------------ writes

  /**
   * One round of durable spool writes: {batches/s, metrics/s, batches per directory sync, bytes
   * allocated per metric on the writer threads, mean ms in {@code close()}}.
   */
  private double[] spoolWrite(int size, int threads) throws Exception {
    Path dir = freshDirectory("spool");
    int total = batchesPerRound(size);
    AtomicInteger next = new AtomicInteger();
    AtomicLong allocated = new AtomicLong();
    AtomicLong closing = new AtomicLong();
    try {
      long nanos;
      SpoolStats stats;
      try (SpoolDirectory spool = SpoolDirectory.open(dir, SpoolOptions.defaults())) {
        long syncsBefore = spool.stats().directorySyncs();
        quiesceHeap();
        nanos =
            runThreads(
                threads,
                () -> {
                  long before = allocatedBytes();
                  int n;
                  while ((n = next.getAndIncrement()) < total) {
                    JsonMetricRecorder recorder =
                        spool.recorder(DeclaredMetrics.any(), CHARM_URL, UNIT_TAG);
                    for (int m = 0; m < size; m++) {
                      int i = n + m;
                      recorder.addMetric(
                          Workload.KEY, workload.value(i), workload.time(i), workload.labels(i));
                    }
                    long closeStart = System.nanoTime();
                    recorder.close();
                    closing.addAndGet(System.nanoTime() - closeStart);
                  }
                  allocated.addAndGet(allocatedBytes() - before);
                });
        stats = spool.stats();
        if (stats.publishedBatches() != total || stats.batches() != total) {
          throw new IllegalStateException("expected " + total + " batches, spool says " + stats);
        }
        long syncs = stats.directorySyncs() - syncsBefore;
        double secs = seconds(nanos);
        return new double[] {
          total / secs,
          (double) total * size / secs,
          (double) total / Math.max(1, syncs),
          (double) allocated.get() / ((double) total * size),
          millis(closing.get()) / total
        };
      }
    } finally {
      deleteTree(dir);
    }
  }

  /** One round of baseline writes: {batches/s, metrics/s, bytes allocated per metric}. */
  private double[] baselineWrite(int size, int threads) throws Exception {
    Path dir = freshDirectory("baseline");
    int total = batchesPerRound(size);
    AtomicInteger next = new AtomicInteger();
    AtomicLong allocated = new AtomicLong();
    try {
      quiesceHeap();
      long nanos =
          runThreads(
              threads,
              () -> {
                long before = allocatedBytes();
                int n;
                while ((n = next.getAndIncrement()) < total) {
                  writeBaselineBatch(dir, UUID.randomUUID().toString(), size, n);
                }
                allocated.addAndGet(allocatedBytes() - before);
              });
      double secs = seconds(nanos);
      return new double[] {
        total / secs,
        (double) total * size / secs,
        (double) allocated.get() / ((double) total * size)
      };
    } finally {
      deleteTree(dir);
    }
  }

  private void writeBaselineBatch(Path dir, String uuid, int size, int n) throws IOException {
    try (JujuStyleRecorder recorder = new JujuStyleRecorder(dir, uuid, CHARM_URL, UNIT_TAG)) {
      for (int m = 0; m < size; m++) {
        int i = n + m;
        recorder.addMetric(Workload.KEY, workload.value(i), workload.time(i), workload.labels(i));
      }
    }
  }

  // ------------------------------------------------------------------ drain and heap

  /**
   * One drain round over a backlog of {@code bench.drainBatches<size>} batches of {@code size}
   * metrics: {batches/s, metrics/s, bytes allocated per metric on the reading thread}. The backlog
   * is written untimed, without syncs, in the spool's layout with version 7 uuids (the spool reads
   * Juju-written directories as is), and indexed by opening the spool before the clock starts.
   */
  private double[] drain(int size) throws Exception {
    Path dir = freshDirectory("drain");
    int batches = drainBatches(size);
    try {
      writeBacklog(dir, batches, size);
      try (SpoolDirectory spool = SpoolDirectory.open(dir, SpoolOptions.defaults());
          JsonMetricReader reader = spool.reader()) {
        if (spool.stats().batches() != batches) {
          throw new IllegalStateException("backlog of " + batches + ": " + spool.stats());
        }
        quiesceHeap();
        long allocBefore = allocatedBytes();
        long start = System.nanoTime();
        long readBatches = 0;
        long readMetrics = 0;
        while (true) {
          int got = 0;
          try (BatchCursor cursor = reader.oldestFirst(1000, 64L << 20)) {
            MetricBatch batch;
            while ((batch = cursor.next()) != null) {
              got++;
              readMetrics += batch.metrics().size();
              reader.remove(batch.uuid());
            }
          }
          if (got == 0) {
            break;
          }
          readBatches += got;
        }
        long nanos = System.nanoTime() - start;
        long alloc = allocatedBytes() - allocBefore;
        if (readBatches != batches || readMetrics != (long) batches * size) {
          throw new IllegalStateException(
              "drained " + readBatches + " batches, " + readMetrics + " metrics of " + batches);
        }
        double secs = seconds(nanos);
        return new double[] {readBatches / secs, readMetrics / secs, (double) alloc / readMetrics};
      }
    } finally {
      deleteTree(dir);
    }
  }

  /** {open ms, bytes retained} for a spool opened over {@code bench.heapBatches} batches. */
  private double[] heap() throws Exception {
    Path dir = freshDirectory("heap");
    try {
      writeBacklog(dir, HEAP_BATCHES, 1);
      double[] opens = new double[HEAP_ROUNDS];
      double[] retained = new double[HEAP_ROUNDS];
      for (int i = -1; i < HEAP_ROUNDS; i++) {
        long without = usedHeapAfterGc();
        long start = System.nanoTime();
        SpoolDirectory spool = SpoolDirectory.open(dir, SpoolOptions.defaults());
        long nanos = System.nanoTime() - start;
        long with = usedHeapAfterGc();
        if (spool.stats().batches() != HEAP_BATCHES) {
          throw new IllegalStateException("backlog of " + HEAP_BATCHES + ": " + spool.stats());
        }
        spool.close();
        if (i >= 0) {
          opens[i] = millis(nanos);
          retained[i] = with - without;
        }
      }
      return new double[] {median(opens), median(retained)};
    } finally {
      deleteTree(dir);
    }
  }

  /** Writes a backlog as Juju's recorder would, but with version 7 uuids one millisecond apart. */
  private void writeBacklog(Path dir, int batches, int size) throws IOException {
    long baseMillis = System.currentTimeMillis() - batches - 1000;
    SplittableRandom random = new SplittableRandom(11);
    for (int n = 0; n < batches; n++) {
      writeBaselineBatch(dir, uuid7(baseMillis + n, random), size, n);
    }
  }

  /** A version 7 uuid (RFC 9562) for {@code millis}. */
  static String uuid7(long millis, SplittableRandom random) {
    long msb = millis << 16 | 0x7000 | (random.nextLong() & 0xFFF);
    long lsb = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb).toString();
  }

  // ------------------------------------------------------------------ the Juju-style baseline

  /**
   * A recorder written the way Juju's {@code JSONMetricRecorder} is: the data file is a temporary
   * file in the spool directory into which an encoder writes each metric as one JSON line, renamed
   * into place on close, then the metadata file is written the same way. Nothing is synced. Jackson
   * buffers (8 KB) where Go's encoder writes each metric with one system call, so this baseline is
   * if anything faster than Juju.
   */
  static final class JujuStyleRecorder implements AutoCloseable {
    private static final ObjectMapper MAPPER =
        new ObjectMapper()
            .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private final Path dir;
    private final String uuid;
    private final String charmUrl;
    private final String unitTag;
    private final Instant created = Instant.now();
    private final Path temp;
    private final OutputStream out;
    private final JsonGenerator generator;

    JujuStyleRecorder(Path dir, String uuid, String charmUrl, String unitTag) throws IOException {
      this.dir = dir;
      this.uuid = uuid;
      this.charmUrl = charmUrl;
      this.unitTag = unitTag;
      this.temp = Files.createTempFile(dir, ".inc-" + uuid, "");
      this.out = new BufferedOutputStream(Files.newOutputStream(temp), 8192);
      this.generator = MAPPER.getFactory().createGenerator(out);
    }

    void addMetric(String key, String value, Instant time, Map<String, String> labels)
        throws IOException {
      MAPPER.writeValue(generator, new JujuMetric(key, value, time.toString(), labels));
      generator.writeRaw('\n');
    }

    @Override
    public void close() throws IOException {
      generator.close();
      out.close();
      Files.move(temp, dir.resolve(uuid), StandardCopyOption.ATOMIC_MOVE);
      Path metaTemp = Files.createTempFile(dir, ".inc-" + uuid + ".meta", "");
      try (OutputStream meta = new BufferedOutputStream(Files.newOutputStream(metaTemp))) {
        MAPPER.writeValue(meta, new JujuMeta(charmUrl, uuid, created.toString(), unitTag));
        meta.write('\n');
      }
      Files.move(metaTemp, dir.resolve(uuid + ".meta"), StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** Juju's metric line. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  record JujuMetric(String key, String value, String time, Map<String, String> labels) {}

  /** Juju's metadata file. */
  record JujuMeta(
      @JsonProperty("charmurl") String charmUrl,
      @JsonProperty("uuid") String uuid,
      @JsonProperty("created") String created,
      @JsonProperty("unit-tag") String unitTag) {}

  // ------------------------------------------------------------------ workload

  /**
   * The metrics every scenario records, precomputed so that generating them is not timed: one key,
   * values like {@code 37.125}, times one millisecond apart, and two labels from a few sets.
   */
  static final class Workload {
    static final String KEY = "cpu.usage.user";
    private static final int N = 4096;
    private static final Instant BASE = Instant.parse("2025-01-02T03:04:05.123Z");
    private static final List<Map<String, String>> LABELS =
        List.of(
            Map.of("host", "web-01", "cpu", "0"),
            Map.of("host", "web-01", "cpu", "1"),
            Map.of("host", "web-02", "cpu", "0"),
            Map.of("host", "web-02", "cpu", "1"));
    static final String SAMPLE_LINE =
        "{\"key\":\"cpu.usage.user\",\"value\":\"37.125\",\"time\":\"2025-01-02T03:04:05.123Z\","
            + "\"labels\":{\"cpu\":\"0\",\"host\":\"web-01\"}}";
    static final int LINE_BYTES = SAMPLE_LINE.getBytes(StandardCharsets.UTF_8).length + 1;

    private final String[] values = new String[N];
    private final Instant[] times = new Instant[N];

    Workload() {
      SplittableRandom random = new SplittableRandom(3);
      for (int i = 0; i < N; i++) {
        values[i] = String.format(Locale.ROOT, "%.3f", 10 + random.nextInt(90_000) / 1000.0);
        times[i] = BASE.plusMillis(i);
      }
    }

    String value(int i) {
      return values[i & (N - 1)];
    }

    Instant time(int i) {
      return times[i & (N - 1)];
    }

    Map<String, String> labels(int i) {
      return LABELS.get(i & 3);
    }
  }

  // ------------------------------------------------------------------ measuring and printing

  @FunctionalInterface
  private interface Work {
    void run() throws Exception;
  }

  /** Runs {@code work} on {@code threads} threads started together; returns the wall time. */
  private static long runThreads(int threads, Work work) throws Exception {
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread =
          new Thread(
              () -> {
                ready.countDown();
                try {
                  go.await();
                  work.run();
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              },
              "bench-writer-" + t);
      thread.start();
      started.add(thread);
    }
    ready.await();
    long start = System.nanoTime();
    go.countDown();
    for (Thread thread : started) {
      thread.join();
    }
    long nanos = System.nanoTime() - start;
    if (failure.get() != null) {
      throw new IllegalStateException("a benchmark thread failed", failure.get());
    }
    return nanos;
  }

  private static int batchesPerRound(int size) {
    int fallback =
        switch (size) {
          case 1 -> 2000;
          case 100 -> 1000;
          default -> 300;
        };
    return Integer.getInteger("bench.batches" + size, fallback);
  }

  private static int drainBatches(int size) {
    int fallback =
        switch (size) {
          case 1 -> 2000;
          case 100 -> 1000;
          default -> 200;
        };
    return Integer.getInteger("bench.drainBatches" + size, fallback);
  }

  private Path freshDirectory(String kind) throws IOException {
    return Files.createDirectories(root.resolve(kind + "-" + dirCounter++));
  }

  private static long allocatedBytes() {
    return THREADS_MX.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  private void target(String what, double value, double limit, String unit) {
    String verdict = value >= limit ? "PASS" : "FAIL";
    String format =
        unit.equals("ratio") ? "%s %s: %.2f %s >= %.2f %s" : "%s %s: %.0f %s >= %.0f %s";
    verdicts.add(String.format(Locale.ROOT, format, verdict, what, value, unit, limit, unit));
  }
}
