package io.windlass.it.bench;

import static io.windlass.it.bench.BenchmarkRounds.deleteTree;
import static io.windlass.it.bench.BenchmarkRounds.figure;
import static io.windlass.it.bench.BenchmarkRounds.loadAverage;
import static io.windlass.it.bench.BenchmarkRounds.median;
import static io.windlass.it.bench.BenchmarkRounds.medians;
import static io.windlass.it.bench.BenchmarkRounds.quiesceHeap;
import static io.windlass.it.bench.BenchmarkRounds.usedHeapAfterGc;

import io.windlass.collector.Accumulator;
import io.windlass.collector.CollectTask;
import io.windlass.collector.Input;
import io.windlass.collector.Metric;
import io.windlass.collector.Pipeline;
import io.windlass.collector.PipelineStats;
import io.windlass.collector.inputs.ProcRoot;
import io.windlass.manifolds.collector.Inputs;
import io.windlass.manifolds.config.InputSpec;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.JsonMetricRecorder;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.SpoolOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The collector's benchmark: prints one figure per line as {@code name value unit}, next to
 * baselines measured in the same run, then one PASS/FAIL line per target.
 *
 * <ol>
 *   <li><b>CPU per collect</b> ({@code collect}), for each host input ({@link
 *       InputSpec#HOST_TYPES}, built by {@link Inputs} as the agent builds them) on this machine's
 *       real {@code /proc}: the collecting thread's CPU time ({@code ThreadMXBean}) per {@code
 *       collect}, into an accumulator that only counts. Baseline: the same files read whole and not
 *       parsed ({@link RawProcReads}). Each round collects back to back for {@code
 *       bench.roundMillis}, right after a round of the baseline; medians of the timed rounds. All
 *       host inputs at a 10 s interval: the sum of their CPU per collect over 10 s, as a share of
 *       one core.
 *   <li><b>Pipeline into the durable spool</b> ({@code pipeline}): a {@link Pipeline} running
 *       {@link SyntheticInput} (10,000 metrics per collect) with its own threads, as the agent runs
 *       it, driven with {@link Pipeline#collectNow()} one run after another into a {@link
 *       SpoolDirectory} on the working tree's disk; a run ends once its batch is durable. Baseline:
 *       the same batches (keys, decimal text, times and labels prepared beforehand) written
 *       straight through {@link SpoolDirectory#recorder}, so the difference is the pipeline's own
 *       cost.
 *   <li><b>Agent</b> ({@code agent}): first the baseline of a host pipeline's run, a durable batch
 *       of {@value #SMALL_BATCH} metrics written straight through the spool, and the process's CPU
 *       while idle; then every host input in its own pipeline at a 1 s interval on the system
 *       clock, writing to a durable spool: after {@code bench.agentWarmSeconds}, the CPU time of
 *       each pipeline's two threads per run (collect and batch write) and of the process over
 *       {@code bench.agentSeconds}; then used heap after GC ({@code MemoryMXBean}, least of five
 *       {@code System.gc()}) in {@code bench.heapSamples} samples a second apart, against the same
 *       JVM's before the pipelines started.
 * </ol>
 *
 * <p>Files go under {@code bench.dir} (default {@code target/collector-bench}; the Maven profile
 * passes {@code it-tests/target/collector-bench}) and are deleted at the end. Settings are system
 * properties: {@code bench.warmup} (2), {@code bench.rounds} (5), {@code bench.roundMillis} (200),
 * {@code bench.pipelineRuns} (20 per round), {@code bench.agentIdleSeconds} (10), {@code
 * bench.agentWarmSeconds} (5), {@code bench.agentSeconds} (20), {@code bench.heapSamples} (3) and
 * {@code bench.only} (scenarios, default {@code collect,pipeline,agent}). See {@code
 * docs/PERFORMANCE.md}.
 *
 * <p>Run: {@code mvn -B -q -P collector-benchmark -pl it-tests -am -DskipTests test}.
 */
public final class CollectorBenchmark {
  private static final int WARMUP = Integer.getInteger("bench.warmup", 2);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
  private static final long ROUND_NANOS =
      Duration.ofMillis(Integer.getInteger("bench.roundMillis", 200)).toNanos();
  private static final int PIPELINE_RUNS = Integer.getInteger("bench.pipelineRuns", 20);
  private static final int AGENT_WARM_SECONDS = Integer.getInteger("bench.agentWarmSeconds", 5);
  private static final int AGENT_SECONDS = Integer.getInteger("bench.agentSeconds", 20);
  private static final int AGENT_IDLE_SECONDS = Integer.getInteger("bench.agentIdleSeconds", 10);
  private static final int HEAP_SAMPLES = Integer.getInteger("bench.heapSamples", 3);
  private static final int METRICS_PER_RUN = 10_000;
  private static final int SMALL_BATCH = 15;
  private static final Duration AGENT_INTERVAL = Duration.ofSeconds(1);
  private static final Duration TARGET_INTERVAL = Duration.ofSeconds(10);
  private static final double TARGET_CORE_PERCENT = 1.0;
  private static final double TARGET_METRICS_PER_SECOND = 500_000;
  private static final String UNIT_TAG = "agent-bench";
  private static final String ALL = "collect,pipeline,agent";
  private static final List<String> ONLY =
      List.of(System.getProperty("bench.only", ALL).split(","));

  private static final com.sun.management.ThreadMXBean THREADS_MX =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS_MX =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** Keeps what the measured calls return, so that they cannot be optimised away. */
  private static volatile long sink;

  private final Path root;
  private final Inputs inputs = new Inputs(ProcRoot.DEFAULT);
  private final List<String> verdicts = new ArrayList<>();
  private int dirCounter;

  private CollectorBenchmark(Path root) {
    this.root = root;
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(System.getProperty("bench.dir", "target/collector-bench")).toAbsolutePath();
    deleteTree(root);
    Files.createDirectories(root);
    THREADS_MX.setThreadCpuTimeEnabled(true);
    System.out.printf(
        Locale.ROOT,
        "# java %s, %d cpus, max heap %d MiB, load average %.2f; %d warm-up rounds, then %d timed"
            + " of %d ms; medians%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        loadAverage(),
        WARMUP,
        ROUNDS,
        Duration.ofNanos(ROUND_NANOS).toMillis());
    System.out.printf(
        Locale.ROOT,
        "# /proc: %d processes; spool %s (%s); pipeline runs of %d metrics, %d per round; agent:"
            + " idle %d s, then %d host inputs every %d s for %d s after %d s of warm-up%n",
        processCount(),
        root,
        Files.getFileStore(root).type(),
        METRICS_PER_RUN,
        PIPELINE_RUNS,
        AGENT_IDLE_SECONDS,
        InputSpec.HOST_TYPES.size(),
        AGENT_INTERVAL.toSeconds(),
        AGENT_SECONDS,
        AGENT_WARM_SECONDS);
    CollectorBenchmark bench = new CollectorBenchmark(root);
    if (!String.join(",", ONLY).equals(ALL)) {
      System.out.println("# partial run: " + ONLY);
    }
    try {
      if (ONLY.contains("collect")) {
        bench.collectCpu();
      }
      if (ONLY.contains("pipeline")) {
        bench.pipelineThroughput();
      }
      if (ONLY.contains("agent")) {
        bench.agent();
      }
    } finally {
      deleteTree(root);
    }
    System.out.printf(Locale.ROOT, "# load average at the end %.2f%n", loadAverage());
    bench.verdicts.forEach(System.out::println);
  }

  // ------------------------------------------------------------------ CPU per collect

  private void collectCpu() throws Exception {
    double allCpu = 0;
    double allBaseline = 0;
    for (String type : InputSpec.HOST_TYPES) {
      Input input = inputs.create(InputSpec.host(type));
      RawProcReads raw = RawProcReads.of(type, ProcRoot.DEFAULT.path());
      CountingAccumulator accumulator = new CountingAccumulator();
      // Rounds of raw reads and of collects back to back, so that both see the same load.
      double[] r =
          medians(
              WARMUP,
              ROUNDS,
              i -> {
                Timing baseline = repeat(() -> sink += raw.read());
                long metricsBefore = accumulator.count;
                Timing collects = repeat(() -> input.collect(accumulator));
                return new double[] {
                  collects.cpuMicrosPerCall(),
                  baseline.cpuMicrosPerCall(),
                  collects.wallMicrosPerCall(),
                  (double) (accumulator.count - metricsBefore) / collects.calls(),
                  collects.kernelMicrosPerCall(),
                  baseline.kernelMicrosPerCall()
                };
              });
      String name = "collect." + type;
      figure(name + ".cpu", r[0], "us", 1);
      figure(name + ".cpu-in-kernel", r[4], "us", 1);
      figure(name + ".wall", r[2], "us", 1);
      figure(name + ".metrics", r[3], "metrics", 1);
      figure(name + ".baseline-raw-read.cpu", r[1], "us", 1);
      figure(name + ".baseline-raw-read.cpu-in-kernel", r[5], "us", 1);
      figure(name + ".vs-raw-read", r[0] / r[1], "ratio");
      allCpu += r[0];
      allBaseline += r[1];
    }
    figure("collect.all.cpu", allCpu, "us", 1);
    figure("collect.all.baseline-raw-read.cpu", allBaseline, "us", 1);
    double share = corePercent(allCpu * 1e3, TARGET_INTERVAL);
    figure("collect.all.10s-interval", share, "%-of-one-core", 4);
    below("all host inputs at a 10 s interval, collects only", share, TARGET_CORE_PERCENT);
  }

  /** One round of {@code call} back to back on this thread, for {@code bench.roundMillis}. */
  private static Timing repeat(Call call) throws Exception {
    long calls = 0;
    long cpuStart = THREADS_MX.getCurrentThreadCpuTime();
    long userStart = THREADS_MX.getCurrentThreadUserTime();
    long start = System.nanoTime();
    long now;
    do {
      call.run();
      calls++;
      now = System.nanoTime();
    } while (now - start < ROUND_NANOS);
    return new Timing(
        calls,
        THREADS_MX.getCurrentThreadCpuTime() - cpuStart,
        THREADS_MX.getCurrentThreadUserTime() - userStart,
        now - start);
  }

  @FunctionalInterface
  private interface Call {
    void run() throws Exception;
  }

  /**
   * What one round measured.
   *
   * @param calls calls made
   * @param cpuNanos the calling thread's CPU time for all of them
   * @param userNanos the part of it in user mode; the rest was in the kernel
   * @param wallNanos the wall time for all of them
   */
  private record Timing(long calls, long cpuNanos, long userNanos, long wallNanos) {
    double cpuMicrosPerCall() {
      return cpuNanos / 1e3 / calls;
    }

    double kernelMicrosPerCall() {
      return Math.max(0, cpuNanos - userNanos) / 1e3 / calls;
    }

    double wallMicrosPerCall() {
      return wallNanos / 1e3 / calls;
    }
  }

  /** Counts the metrics it is given and keeps nothing. */
  private static final class CountingAccumulator implements Accumulator {
    long count;

    @Override
    public void addMetric(Metric metric) {
      count++;
      sink += metric.name().length();
    }
  }

  // ------------------------------------------------------------------ pipeline into the spool

  private void pipelineThroughput() throws Exception {
    double[] r =
        medians(
            WARMUP,
            ROUNDS,
            i -> {
              double baseline = directRound();
              double[] pipeline = pipelineRound();
              return new double[] {pipeline[0], baseline, pipeline[1], pipeline[2]};
            });
    figure("pipeline.spool.metrics", r[0], "metrics/s");
    figure("pipeline.spool.run", r[2], "ms");
    figure("pipeline.spool.process-cpu-per-metric", r[3], "ns");
    figure("pipeline.baseline-direct-recorder.metrics", r[1], "metrics/s");
    figure("pipeline.vs-direct-recorder", r[0] / r[1], "ratio");
    figure("pipeline.overhead-per-metric", 1e9 / r[0] - 1e9 / r[1], "ns");
    atLeast(
        "pipeline into the durable spool, " + METRICS_PER_RUN + " metrics per run",
        r[0],
        TARGET_METRICS_PER_SECOND,
        "metrics/s");
  }

  /**
   * One round of {@code bench.pipelineRuns} runs of a fresh pipeline, after one untimed run that
   * starts its threads: {metrics/s, ms per run, process CPU ns per metric}.
   */
  private double[] pipelineRound() throws Exception {
    Path dir = freshDirectory("pipeline");
    try (SpoolDirectory spool = SpoolDirectory.open(dir, SpoolOptions.defaults())) {
      Pipeline pipeline =
          new Pipeline(
              onDemandTask("synthetic"), new SyntheticInput(METRICS_PER_RUN), spool, UNIT_TAG);
      pipeline.startAsync().awaitRunning();
      long nanos;
      long cpu;
      try {
        pipeline.collectNow().get();
        quiesceHeap();
        long cpuStart = OS_MX.getProcessCpuTime();
        long start = System.nanoTime();
        for (int run = 0; run < PIPELINE_RUNS; run++) {
          pipeline.collectNow().get();
        }
        nanos = System.nanoTime() - start;
        cpu = OS_MX.getProcessCpuTime() - cpuStart;
      } finally {
        pipeline.stopAsync().awaitTerminated();
      }
      PipelineStats stats = pipeline.stats();
      long batches = PIPELINE_RUNS + 1;
      if (stats.runs() != batches
          || stats.batches() != batches
          || stats.errors() != 0
          || stats.droppedValues() + stats.rejectedMetrics() != 0
          || spool.stats().batches() != batches) {
        throw new IllegalStateException(
            "expected " + batches + " clean batches: " + stats + ", spool " + spool.stats());
      }
      double metrics = (double) PIPELINE_RUNS * METRICS_PER_RUN;
      return new double[] {metrics / (nanos / 1e9), nanos / 1e6 / PIPELINE_RUNS, cpu / metrics};
    } finally {
      deleteTree(dir);
    }
  }

  /**
   * One round of the same batches recorded straight through the spool (prepared untimed):
   * metrics/s.
   */
  private double directRound() throws Exception {
    SyntheticInput input = new SyntheticInput(METRICS_PER_RUN);
    Instant window = Instant.ofEpochMilli(onDemandTask("synthetic").windowStart(nowMillis()));
    List<List<SyntheticInput.SpoolLine>> batches = new ArrayList<>();
    for (int run = 0; run < PIPELINE_RUNS; run++) {
      batches.add(input.batchOf(run, window));
    }
    Path dir = freshDirectory("direct");
    try (SpoolDirectory spool = SpoolDirectory.open(dir, SpoolOptions.defaults())) {
      quiesceHeap();
      long start = System.nanoTime();
      for (List<SyntheticInput.SpoolLine> batch : batches) {
        try (JsonMetricRecorder recorder =
            spool.recorder(DeclaredMetrics.any(), "input:synthetic", UNIT_TAG)) {
          for (SyntheticInput.SpoolLine line : batch) {
            recorder.addMetric(line.key(), line.value(), line.time(), line.labels());
          }
        }
      }
      long nanos = System.nanoTime() - start;
      if (spool.stats().batches() != PIPELINE_RUNS) {
        throw new IllegalStateException(
            "expected " + PIPELINE_RUNS + " batches, spool says " + spool.stats());
      }
      return (double) PIPELINE_RUNS * METRICS_PER_RUN / (nanos / 1e9);
    } finally {
      deleteTree(dir);
    }
  }

  /**
   * A task whose scheduled ticks fall half an hour from now, so that within the benchmark only
   * {@link Pipeline#collectNow()} runs it.
   */
  private static CollectTask onDemandTask(String type) {
    long interval = Duration.ofHours(1).toMillis();
    long offset = Math.floorMod(nowMillis() + interval / 2, interval);
    return new CollectTask(
        type,
        type,
        Duration.ofMillis(interval),
        Duration.ofMillis(offset),
        Duration.ofMinutes(1),
        Map.of(),
        null);
  }

  // ------------------------------------------------------------------ agent: all host inputs

  private void agent() throws Exception {
    smallBatches();
    Path dir = freshDirectory("agent");
    ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    try (SpoolDirectory spool = SpoolDirectory.open(dir, SpoolOptions.defaults())) {
      // The wall-clock windows below are the measurement: the agent's CPU and heap over real
      // seconds of pipelines ticking on the real clock, which a fake clock could not show.
      CpuSample idleStart = CpuSample.take(Map.of());
      CpuSample idleEnd =
          after(clock, Duration.ofSeconds(AGENT_IDLE_SECONDS), () -> CpuSample.take(Map.of()));
      figure(
          "agent.idle.process.cpu",
          100.0
              * (idleEnd.processCpu() - idleStart.processCpu())
              / (idleEnd.wallNanos() - idleStart.wallNanos()),
          "%-of-one-core",
          3);
      long heapBefore = usedHeapAfterGc();
      Map<String, Pipeline> pipelines = new LinkedHashMap<>();
      for (InputSpec spec : InputSpec.defaults()) {
        CollectTask task = Inputs.task(spec).withSchedule(AGENT_INTERVAL, Duration.ZERO);
        pipelines.put(spec.type(), new Pipeline(task, inputs.create(spec), spool, UNIT_TAG));
      }
      pipelines.values().forEach(p -> p.startAsync().awaitRunning());
      CpuSample start;
      CpuSample end;
      long[] heap = new long[HEAP_SAMPLES];
      try {
        start =
            after(clock, Duration.ofSeconds(AGENT_WARM_SECONDS), () -> CpuSample.take(pipelines));
        end = after(clock, Duration.ofSeconds(AGENT_SECONDS), () -> CpuSample.take(pipelines));
        for (int i = 0; i < HEAP_SAMPLES; i++) {
          heap[i] =
              i == 0
                  ? usedHeapAfterGc()
                  : after(clock, AGENT_INTERVAL, BenchmarkRounds::usedHeapAfterGc);
        }
      } finally {
        pipelines.values().forEach(Pipeline::stopAsync);
        pipelines.values().forEach(Pipeline::awaitTerminated);
      }
      reportAgent(pipelines, start, end, heapBefore, heap);
    } finally {
      clock.shutdownNow();
      deleteTree(dir);
    }
  }

  /** What {@code sample} gives once {@code window} has passed on the real clock. */
  private static <T> T after(ScheduledExecutorService clock, Duration window, Callable<T> sample)
      throws Exception {
    return clock.schedule(sample, window.toNanos(), TimeUnit.NANOSECONDS).get();
  }

  /**
   * The baseline of a host pipeline's run: the writing thread's CPU and wall time for one durable
   * batch of {@value #SMALL_BATCH} metrics, about what a host input's run writes, recorded straight
   * through the spool.
   */
  private void smallBatches() throws Exception {
    Path dir = freshDirectory("small");
    try (SpoolDirectory spool = SpoolDirectory.open(dir, SpoolOptions.defaults())) {
      Instant time = Instant.ofEpochMilli(nowMillis() / 1000 * 1000);
      double[] r =
          medians(
              WARMUP,
              ROUNDS,
              i -> {
                Timing writes =
                    repeat(
                        () -> {
                          try (JsonMetricRecorder recorder =
                              spool.recorder(DeclaredMetrics.any(), "input:mem", UNIT_TAG)) {
                            for (int m = 0; m < SMALL_BATCH; m++) {
                              recorder.addMetric(
                                  "system.mem.metric_" + m, "123456789", time, Map.of());
                            }
                          }
                        });
                return new double[] {writes.cpuMicrosPerCall(), writes.wallMicrosPerCall()};
              });
      figure("agent.baseline.small-batch-write.cpu", r[0], "us", 1);
      figure("agent.baseline.small-batch-write.wall", r[1], "us", 1);
    } finally {
      deleteTree(dir);
    }
  }

  private void reportAgent(
      Map<String, Pipeline> pipelines,
      CpuSample start,
      CpuSample end,
      long heapBefore,
      long[] heap) {
    double wallNanos = end.wallNanos() - start.wallNanos();
    double perRunAll = 0;
    long runs = 0;
    long skipped = 0;
    long errors = 0;
    Set<Long> pipelineThreads = new HashSet<>();
    for (Map.Entry<String, Pipeline> entry : pipelines.entrySet()) {
      String type = entry.getKey();
      String id = entry.getValue().task().id();
      long typeRuns = end.runs().get(type) - start.runs().get(type);
      ThreadTimes used = ThreadTimes.ZERO;
      for (String thread : List.of("windlass-pipeline-" + id, "windlass-collect-" + id)) {
        ThreadTimes before = start.named(thread);
        ThreadTimes after = end.named(thread);
        if (before != null && after != null && before.id() == after.id()) {
          used = used.plus(after.minus(before));
          pipelineThreads.add(after.id());
        }
      }
      double cpuPerRun = used.cpu() / 1e3 / typeRuns;
      figure("agent.1s." + type + ".cpu-per-run", cpuPerRun, "us", 1);
      perRunAll += cpuPerRun;
      runs += typeRuns;
      PipelineStats stats = entry.getValue().stats();
      skipped += stats.skippedTicks();
      errors += stats.errors() + stats.batchFailures();
    }
    double pipelineCpu = 0;
    double otherCpu = 0;
    for (ThreadTimes after : end.threads().values()) {
      ThreadTimes before = start.threads().getOrDefault(after.id(), ThreadTimes.ZERO);
      double cpu = after.cpu() - before.cpu();
      if (pipelineThreads.contains(after.id())) {
        pipelineCpu += cpu;
      } else {
        otherCpu += cpu;
      }
    }
    double processCpu = end.processCpu() - start.processCpu();
    figure("agent.1s.runs", runs, "runs");
    figure("agent.1s.skipped-ticks-and-errors", skipped + errors, "ticks");
    figure("agent.1s.all.cpu-per-run", perRunAll, "us", 1);
    figure("agent.1s.pipeline-threads.cpu", 100 * pipelineCpu / wallNanos, "%-of-one-core", 3);
    figure("agent.1s.other-java-threads.cpu", 100 * otherCpu / wallNanos, "%-of-one-core", 3);
    figure(
        "agent.1s.jvm-internal.cpu",
        100 * (processCpu - pipelineCpu - otherCpu) / wallNanos,
        "%-of-one-core",
        3);
    figure("agent.1s.process.cpu", 100 * processCpu / wallNanos, "%-of-one-core", 3);
    double share = corePercent(perRunAll * 1e3, TARGET_INTERVAL);
    figure("agent.10s-interval.pipeline-threads.cpu", share, "%-of-one-core", 4);
    double used = median(toDoubles(heap));
    double max = Arrays.stream(heap).max().orElse(0);
    figure("agent.heap.before", heapBefore / 1024.0 / 1024.0, "MiB", 2);
    figure("agent.heap.with-pipelines", used / 1024.0 / 1024.0, "MiB", 2);
    figure("agent.heap.pipelines", (used - heapBefore) / 1024.0, "KiB", 0);
    figure("agent.heap.pipelines-max", (max - heapBefore) / 1024.0, "KiB", 0);
    if (errors != 0) {
      throw new IllegalStateException("host pipelines failed " + errors + " runs or batches");
    }
    below(
        "all host inputs at a 10 s interval, pipelines (collect and durable batch write)",
        share,
        TARGET_CORE_PERCENT);
  }

  /**
   * CPU time so far of one Java thread.
   *
   * @param id the thread's id
   * @param name its name
   * @param cpu nanoseconds of CPU
   */
  private record ThreadTimes(long id, String name, long cpu) {
    static final ThreadTimes ZERO = new ThreadTimes(-1, "", 0);

    ThreadTimes plus(ThreadTimes other) {
      return new ThreadTimes(id, name, cpu + other.cpu);
    }

    ThreadTimes minus(ThreadTimes other) {
      return new ThreadTimes(id, name, cpu - other.cpu);
    }
  }

  /**
   * CPU time so far of every Java thread and of the process, and each pipeline's runs.
   *
   * @param threads by thread id
   * @param runs runs started, by input type
   * @param processCpu the process's CPU time in nanoseconds, JVM threads (GC, compilers) included
   * @param wallNanos {@link System#nanoTime()} when taken
   */
  private record CpuSample(
      Map<Long, ThreadTimes> threads, Map<String, Long> runs, long processCpu, long wallNanos) {

    static CpuSample take(Map<String, Pipeline> pipelines) {
      long[] ids = THREADS_MX.getAllThreadIds();
      long[] cpu = THREADS_MX.getThreadCpuTime(ids);
      ThreadInfo[] infos = THREADS_MX.getThreadInfo(ids);
      Map<Long, ThreadTimes> threads = new HashMap<>();
      for (int i = 0; i < ids.length; i++) {
        if (infos[i] != null && cpu[i] >= 0) {
          threads.put(ids[i], new ThreadTimes(ids[i], infos[i].getThreadName(), cpu[i]));
        }
      }
      Map<String, Long> runs = new LinkedHashMap<>();
      pipelines.forEach((type, pipeline) -> runs.put(type, pipeline.stats().runs()));
      return new CpuSample(threads, runs, OS_MX.getProcessCpuTime(), System.nanoTime());
    }

    /** The thread named {@code name}, if there is one. */
    @Nullable ThreadTimes named(String name) {
      return threads.values().stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }
  }

  // ------------------------------------------------------------------ helpers

  /** {@code cpuNanos} spent once every {@code interval}, as a percentage of one core. */
  private static double corePercent(double cpuNanos, Duration interval) {
    return 100 * cpuNanos / interval.toNanos();
  }

  private static double[] toDoubles(long[] values) {
    return Arrays.stream(values).asDoubleStream().toArray();
  }

  private static long nowMillis() {
    return System.currentTimeMillis();
  }

  private static long processCount() throws IOException {
    try (var entries = Files.list(ProcRoot.DEFAULT.path())) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(n -> n.chars().allMatch(Character::isDigit))
          .count();
    }
  }

  private Path freshDirectory(String kind) throws IOException {
    return Files.createDirectories(root.resolve(kind + "-" + dirCounter++));
  }

  private void below(String what, double value, double limit) {
    verdicts.add(
        String.format(
            Locale.ROOT,
            "%s %s: %.4f %% of one core < %.0f %%",
            value < limit ? "PASS" : "FAIL",
            what,
            value,
            limit));
  }

  private void atLeast(String what, double value, double limit, String unit) {
    verdicts.add(
        String.format(
            Locale.ROOT,
            "%s %s: %.0f %s >= %.0f %s",
            value >= limit ? "PASS" : "FAIL",
            what,
            value,
            unit,
            limit,
            unit));
  }
}
