package io.windlass.it.bench;

import static com.google.common.util.concurrent.MoreExecutors.directExecutor;
import static io.windlass.it.bench.BenchmarkRounds.figure;
import static io.windlass.it.bench.BenchmarkRounds.median;
import static io.windlass.it.bench.BenchmarkRounds.medians;
import static io.windlass.it.bench.BenchmarkRounds.millis;
import static io.windlass.it.bench.BenchmarkRounds.percentile;
import static io.windlass.it.bench.BenchmarkRounds.quiesceHeap;
import static io.windlass.it.bench.BenchmarkRounds.usedHeapAfterGc;

import com.google.common.util.concurrent.AbstractExecutionThreadService;
import com.google.common.util.concurrent.AbstractIdleService;
import com.google.common.util.concurrent.Service;
import com.google.common.util.concurrent.ServiceManager;
import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Injector;
import io.windlass.engine.BounceException;
import io.windlass.engine.Engine;
import io.windlass.engine.EngineConfig;
import io.windlass.engine.Manifold;
import io.windlass.engine.ManifoldReport;
import io.windlass.engine.Resources;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine's macro benchmark: prints one figure per line as {@code name value unit}, each engine
 * figure next to a plain Guava baseline measured in the same run, then one PASS/FAIL line per
 * target. Each scenario runs warm-up rounds, then timed rounds, and reports the median.
 *
 * <ol>
 *   <li><b>Start-up</b>: from {@code engine.startAsync()} until {@code engine.awaitHealthy()}
 *       returns, for 1,000 manifolds in a 10-deep DAG (10 layers of 100; each manifold below the
 *       first layer has 1–3 explicit inputs in the layer above). Engine config: the defaults
 *       (bounce delay 10 ms, real clock) with no fuzz. Two variants: start functions, and injected
 *       worker classes (a Guice child injector per start). Each start asks for every input and
 *       returns a trivial {@code AbstractIdleService}. Baseline: a Guava {@code ServiceManager}
 *       starting 1,000 of those services directly.
 *   <li><b>Bounce</b>: a chain of 10 manifolds with bounce delay 0 (other settings default). The
 *       head's worker ends with a {@link BounceException}; timed until all 10 have reached RUNNING
 *       again. Baseline: stopping and starting the same trivial service 10 times in sequence.
 *   <li><b>Heap</b>: used heap after GC with 1,000 idle manifolds running (the DAG above) minus
 *       that with an engine running none, per manifold. Baseline: 1,000 bare services running in a
 *       {@code ServiceManager} minus none.
 * </ol>
 *
 * <p>Round counts are system properties: {@code bench.warmup} (3), {@code bench.rounds} (10),
 * {@code bench.bounceRounds} (50) and {@code bench.heapRounds} (5). With the Maven profile, pass
 * them in {@code -Dbenchmark.jvm.args="-Xms1g -Xmx1g -Dbench.rounds=20"}. See {@code
 * docs/PERFORMANCE.md}.
 */
public final class EngineBenchmark {
  private static final int LAYERS = 10;
  private static final int WIDTH = 100;
  private static final int MANIFOLDS = LAYERS * WIDTH;
  private static final int CHAIN = 10;
  private static final int WARMUP = Integer.getInteger("bench.warmup", 3);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 10);
  private static final int BOUNCE_ROUNDS = Integer.getInteger("bench.bounceRounds", 50);
  private static final int HEAP_ROUNDS = Integer.getInteger("bench.heapRounds", 5);
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  /** Start-up config: the defaults, without fuzz so every round waits the same bounce delay. */
  static final EngineConfig STARTUP_CONFIG = EngineConfig.builder().fuzz(0).build();

  /** Bounce config: the defaults with no bounce delay, so only the engine's own work is timed. */
  static final EngineConfig BOUNCE_CONFIG =
      EngineConfig.builder().bounceDelay(Duration.ZERO).build();

  private final List<String> verdicts = new ArrayList<>();
  private int extraStarts;

  private EngineBenchmark() {}

  public static void main(String[] args) throws Exception {
    EngineBenchmark bench = new EngineBenchmark();
    System.out.printf(
        Locale.ROOT,
        "# java %s, %d cpus, max heap %d MiB, load average %.2f; %d warm-up rounds, then %d"
            + " timed (bounce %d, heap %d); medians%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        WARMUP,
        ROUNDS,
        BOUNCE_ROUNDS,
        HEAP_ROUNDS);
    System.out.println("# startup config: " + STARTUP_CONFIG);
    System.out.println("# bounce config:  " + BOUNCE_CONFIG);
    bench.startup();
    bench.bounce();
    bench.heap();
    bench.verdicts.forEach(System.out::println);
  }

  // ------------------------------------------------------------------ start-up

  private void startup() throws Exception {
    double[] baseline = medians(WARMUP, ROUNDS, i -> timeServiceManager());
    double[] function = medians(WARMUP, ROUNDS, i -> timeEngine(Variant.FUNCTION));
    double[] injected = medians(WARMUP, ROUNDS, i -> timeEngine(Variant.INJECTED));

    figure("startup.baseline.servicemanager-1000", baseline[0], "ms");
    figure("startup.engine.function-1000-dag", function[0], "ms");
    figure("startup.engine.function-overhead", function[0] - baseline[0], "ms");
    figure("startup.engine.injected-1000-dag", injected[0], "ms");
    figure("startup.engine.injected-overhead", injected[0] - baseline[0], "ms");
    figure("startup.engine.validate-function-1000-dag", function[2], "ms");
    figure("startup.engine.validate-injected-1000-dag", injected[2], "ms");
    figure("startup.engine.extra-starts-all-rounds", extraStarts, "starts");
    figure("shutdown.baseline.servicemanager-1000", baseline[1], "ms");
    figure("shutdown.engine.function-1000-dag", function[1], "ms");
    figure("shutdown.engine.injected-1000-dag", injected[1], "ms");

    target("1,000 manifolds running (start functions)", function[0], 1000, "ms");
    target("1,000 manifolds running (injected workers)", injected[0], 1000, "ms");
  }

  /** One baseline round: {start, stop} in ms for 1,000 services in a {@code ServiceManager}. */
  private static double[] timeServiceManager() throws TimeoutException {
    List<Service> services = new ArrayList<>();
    for (int i = 0; i < MANIFOLDS; i++) {
      services.add(new IdleWorker());
    }
    ServiceManager manager = new ServiceManager(services);
    quiesceHeap();
    long start = System.nanoTime();
    manager.startAsync().awaitHealthy(PATIENCE);
    long running = System.nanoTime();
    manager.stopAsync().awaitStopped(PATIENCE);
    long stopped = System.nanoTime();
    return new double[] {millis(running - start), millis(stopped - running)};
  }

  /**
   * One engine round: {start, stop, validate} in ms for the 1,000-manifold DAG. Also counts starts
   * beyond one per manifold, which would mean the start-up bounced workers that were running.
   */
  private double[] timeEngine(Variant variant) throws Exception {
    List<Manifold> dag = dag(variant);
    Injector injector = Guice.createInjector();
    long building = System.nanoTime();
    Engine engine = Engine.create(injector, dag, STARTUP_CONFIG);
    long built = System.nanoTime();
    quiesceHeap();
    long start = System.nanoTime();
    engine.startAsync();
    engine.awaitHealthy(PATIENCE);
    long running = System.nanoTime();
    engine.awaitQuiescence(PATIENCE);
    extraStarts +=
        engine.report().manifolds().values().stream().mapToInt(ManifoldReport::startCount).sum()
            - MANIFOLDS;
    long stopping = System.nanoTime();
    engine.stopAsync().awaitTerminated(PATIENCE);
    long stopped = System.nanoTime();
    return new double[] {
      millis(running - start), millis(stopped - stopping), millis(built - building)
    };
  }

  /** How the DAG's workers are made. */
  enum Variant {
    /** A start function asks for its inputs and returns a new worker. */
    FUNCTION,
    /** Guice constructs the worker in a child injector per start. */
    INJECTED
  }

  /**
   * 10 layers of 100 manifolds; each manifold below the first has 1–3 distinct explicit inputs in
   * the layer above, chosen with a fixed seed so every round and every run builds the same graph.
   */
  static List<Manifold> dag(Variant variant) {
    Random random = new Random(42);
    List<Manifold> manifolds = new ArrayList<>();
    for (int layer = 0; layer < LAYERS; layer++) {
      for (int i = 0; i < WIDTH; i++) {
        Manifold.Builder<Service> builder = Manifold.builder(name(layer, i));
        if (layer > 0) {
          int inputs = 1 + random.nextInt(3);
          int[] picked = random.ints(0, WIDTH).distinct().limit(inputs).toArray();
          for (int input : picked) {
            builder.inputs(name(layer - 1, input));
          }
        }
        switch (variant) {
          case FUNCTION -> builder.start(EngineBenchmark::startIdleWorker);
          case INJECTED -> builder.worker(InjectedIdleWorker.class);
          default -> throw new AssertionError(variant);
        }
        manifolds.add(builder.build());
      }
    }
    return manifolds;
  }

  private static String name(int layer, int index) {
    return "m" + layer + "-" + index;
  }

  /** The start function: asks for every input (failing on a missing one), then a new worker. */
  private static IdleWorker startIdleWorker(Resources resources) {
    for (String input : resources.inputs()) {
      resources.require(input);
    }
    return new IdleWorker();
  }

  // ------------------------------------------------------------------ bounce

  private void bounce() throws Exception {
    double baseline = median(WARMUP, BOUNCE_ROUNDS, i -> timeSequentialRestarts());
    figure("bounce.baseline.10-sequential-restarts", baseline, "ms");

    ChainRun run = new ChainRun();
    try {
      for (int i = 0; i < WARMUP; i++) {
        run.bounceOnce();
      }
      double[] times = new double[BOUNCE_ROUNDS];
      for (int i = 0; i < BOUNCE_ROUNDS; i++) {
        times[i] = run.bounceOnce();
      }
      double engine = median(times);
      figure("bounce.engine.10-chain", engine, "ms");
      figure("bounce.engine.10-chain-p90", percentile(times, 0.9), "ms");
      figure("bounce.engine.10-chain-overhead", engine - baseline, "ms");
      figure("bounce.engine.extra-starts", run.extraStarts, "starts");
      target("10-level bounce, engine overhead", engine - baseline, 50, "ms");
    } finally {
      run.close();
    }
  }

  private static double timeSequentialRestarts() throws TimeoutException {
    Service[] services = new Service[CHAIN];
    for (int i = 0; i < CHAIN; i++) {
      services[i] = new IdleWorker().startAsync();
      services[i].awaitRunning(PATIENCE);
    }
    long start = System.nanoTime();
    for (int i = 0; i < CHAIN; i++) {
      services[i].stopAsync().awaitTerminated(PATIENCE);
      services[i] = new IdleWorker().startAsync();
      services[i].awaitRunning(PATIENCE);
    }
    long took = System.nanoTime() - start;
    for (Service service : services) {
      service.stopAsync().awaitTerminated(PATIENCE);
    }
    return millis(took);
  }

  /**
   * A running chain c0 ← c1 ← … ← c9. The head is a {@link HeadWorker} that can be told to end with
   * a bounce signal; the rest are trivial services. A listener on each worker notes when it reaches
   * RUNNING.
   */
  private static final class ChainRun implements AutoCloseable {
    private final Engine engine;
    private final AtomicReference<HeadWorker> head = new AtomicReference<>();
    private final Object lock = new Object();
    private final int[] running = new int[CHAIN];
    private int[] awaited;
    private long lastRunning;
    private int extraStarts;

    ChainRun() throws Exception {
      List<Manifold> chain = new ArrayList<>();
      for (int i = 0; i < CHAIN; i++) {
        int index = i;
        Manifold.Builder<Service> builder = Manifold.builder("c" + i);
        if (i > 0) {
          builder.inputs("c" + (i - 1));
        }
        chain.add(builder.start(resources -> observed(index, resources)).build());
      }
      engine = Engine.create(Guice.createInjector(), chain, BOUNCE_CONFIG);
      engine.startAsync();
      engine.awaitHealthy(PATIENCE);
      engine.awaitQuiescence(PATIENCE);
    }

    private Service observed(int index, Resources resources) {
      Service worker;
      if (index == 0) {
        HeadWorker h = new HeadWorker();
        head.set(h);
        worker = h;
      } else {
        worker = startIdleWorker(resources);
      }
      worker.addListener(
          new Service.Listener() {
            @Override
            public void running() {
              arrived(index);
            }
          },
          directExecutor());
      return worker;
    }

    private void arrived(int index) {
      long now = System.nanoTime();
      synchronized (lock) {
        running[index]++;
        if (awaited != null && done()) {
          lastRunning = now;
          awaited = null;
          lock.notifyAll();
        }
      }
    }

    private boolean done() {
      for (int i = 0; i < CHAIN; i++) {
        if (running[i] < awaited[i]) {
          return false;
        }
      }
      return true;
    }

    /** Bounces the head and returns the milliseconds until every link has run again. */
    double bounceOnce() throws Exception {
      long start;
      synchronized (lock) {
        awaited = new int[CHAIN];
        for (int i = 0; i < CHAIN; i++) {
          awaited[i] = running[i] + 1;
        }
        start = System.nanoTime();
        head.get().bounce();
        long deadline = start + PATIENCE.toNanos();
        while (awaited != null) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new TimeoutException("chain did not restart: " + engine.report());
          }
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        }
      }
      double took = millis(lastRunning - start);
      int[] before;
      synchronized (lock) {
        before = running.clone();
      }
      engine.awaitQuiescence(PATIENCE);
      synchronized (lock) {
        for (int i = 0; i < CHAIN; i++) {
          extraStarts += running[i] - before[i];
        }
      }
      return took;
    }

    @Override
    public void close() throws TimeoutException {
      engine.stopAsync().awaitTerminated(PATIENCE);
    }
  }

  /** Runs until stopped, or until {@link #bounce()} makes it end with a bounce signal. */
  static final class HeadWorker extends AbstractExecutionThreadService {
    private final CountDownLatch wake = new CountDownLatch(1);
    private volatile boolean bounced;

    void bounce() {
      bounced = true;
      wake.countDown();
    }

    @Override
    protected void run() throws InterruptedException {
      wake.await();
      if (bounced) {
        throw new BounceException("benchmark bounce");
      }
    }

    @Override
    protected void triggerShutdown() {
      wake.countDown();
    }
  }

  // ------------------------------------------------------------------ heap

  private void heap() throws Exception {
    double baseline = median(WARMUP, HEAP_ROUNDS, i -> heapPerService());
    figure("heap.baseline.per-service", baseline, "bytes");
    double function = median(WARMUP, HEAP_ROUNDS, i -> heapPerManifold(Variant.FUNCTION));
    figure("heap.engine.function-per-manifold", function, "bytes");
    figure("heap.engine.function-overhead-per-manifold", function - baseline, "bytes");
    double injected = median(WARMUP, HEAP_ROUNDS, i -> heapPerManifold(Variant.INJECTED));
    figure("heap.engine.injected-per-manifold", injected, "bytes");
    target("heap per idle manifold (start functions)", function, 10 * 1024, "bytes");
    target("heap per idle manifold (injected workers)", injected, 10 * 1024, "bytes");
  }

  private static double heapPerService() throws TimeoutException {
    long without = usedHeapAfterGc();
    List<Service> services = new ArrayList<>();
    for (int i = 0; i < MANIFOLDS; i++) {
      services.add(new IdleWorker());
    }
    ServiceManager manager = new ServiceManager(services);
    manager.startAsync().awaitHealthy(PATIENCE);
    long with = usedHeapAfterGc();
    manager.stopAsync().awaitStopped(PATIENCE);
    return (double) (with - without) / MANIFOLDS;
  }

  private static double heapPerManifold(Variant variant) throws Exception {
    Engine empty = Engine.create(Guice.createInjector(), List.of(), STARTUP_CONFIG);
    empty.startAsync().awaitRunning(PATIENCE);
    empty.awaitQuiescence(PATIENCE);
    long without = usedHeapAfterGc();
    empty.stopAsync().awaitTerminated(PATIENCE);

    Engine engine = Engine.create(Guice.createInjector(), dag(variant), STARTUP_CONFIG);
    engine.startAsync();
    engine.awaitHealthy(PATIENCE);
    engine.awaitQuiescence(PATIENCE);
    long with = usedHeapAfterGc();
    engine.stopAsync().awaitTerminated(PATIENCE);
    return (double) (with - without) / MANIFOLDS;
  }

  // ------------------------------------------------------------------ the trivial workers

  /** The trivial worker every scenario and baseline uses: does nothing, holds no thread. */
  static final class IdleWorker extends AbstractIdleService {
    @Override
    protected void startUp() {}

    @Override
    protected void shutDown() {}
  }

  /** The same trivial worker, constructed by Guice in the start's child injector. */
  static final class InjectedIdleWorker extends AbstractIdleService {
    /** Asks for every input, as the start function does. */
    @Inject
    InjectedIdleWorker(Resources resources) {
      for (String input : resources.inputs()) {
        resources.require(input);
      }
    }

    @Override
    protected void startUp() {}

    @Override
    protected void shutDown() {}
  }

  // ------------------------------------------------------------------ measuring and printing

  private void target(String what, double value, double limit, String unit) {
    String verdict = value < limit ? "PASS" : "FAIL";
    verdicts.add(
        String.format(
            Locale.ROOT, "%s %s: %.2f %s < %.0f %s", verdict, what, value, unit, limit, unit));
  }
}
