package io.windlass.it.bench;

import static io.windlass.it.bench.BenchmarkRounds.figure;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.windlass.it.agent.WindlassAgentProcess;
import io.windlass.it.backend.BackendProcess;
import io.windlass.it.backend.RemoteWrite;
import io.windlass.it.backend.VectorSample;
import io.windlass.it.backend.VictoriaMetricsServer;
import io.windlass.it.backend.VmAgentProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.awaitility.core.ConditionTimeoutException;
import org.xerial.snappy.Snappy;

/**
 * Windlass and vmagent side by side, each forwarding to the same local VictoriaMetrics through a
 * byte-counting proxy, fed by the same generator over HTTP ({@code /api/v1/import/prometheus}).
 *
 * <p>At rest ({@link AtRest}): each agent started {@value AtRest#STARTS} times, interleaved; the
 * median time from spawn until its health endpoint answers 200, and, left alone after its last
 * start, its resident memory and thread count once they settle.
 *
 * <p>Throughput by {@link Regime}: 1,000,000 samples (1,000 series × 1,000 timestamps, in 100
 * requests of 10,000 samples from {@value #CLIENTS} concurrent clients) pushed to each agent in
 * turn — the first million into a fresh process ({@code cold}), {@link #WARM_UP_ROUNDS} unreported
 * millions of the same series, {@value #STEADY_ROUNDS} more of the same series ({@code steady}, the
 * median), then {@value #CHURN_ROUNDS} millions each of 1,000 series not seen before ({@code
 * churn}, the median); reported per regime: the accept rate (samples acknowledged per second of
 * pushing), the time from the first push until all are queryable in VictoriaMetrics and the rate
 * that makes, the agent's CPU seconds per million over that time, its peak RSS, and the bytes per
 * sample it put on the wire; and Windlass's figures as ratios to vmagent's. Both agents run side by
 * side and take their millions in turn, each round starting once both are idle, so that neither's
 * rounds fall on a busier machine, nor on the other's leftover work.
 *
 * <p>Durability: with VictoriaMetrics stopped, 200,000 samples pushed to each agent and
 * acknowledged; each agent SIGKILLed; VictoriaMetrics and the agents restarted; reported: the
 * samples that arrived of those acknowledged.
 *
 * <p>Every target gets a {@code PASS} or {@code FAIL} line; the load average is printed at the
 * start and before the durability runs.
 *
 * <p>With {@code -Dbench.protocol=remote-write} the same requests go as Prometheus remote write 1.0
 * (snappy-compressed protobuf, the same 10,000 samples each) to {@code /api/v1/write} of both
 * agents instead of Prometheus text to {@code /api/v1/import/prometheus}; with {@code otlp}, as
 * OTLP/HTTP to Windlass alone.
 *
 * <p>Run with {@code mvn -B -q -P forwarding-benchmark -pl it-tests -am -DskipTests package} (it
 * needs the agent's jar, which {@code package} builds, and the {@code victoria-metrics} package).
 */
public final class ForwardingBenchmark {
  static final int SERIES = 1_000;
  static final int TIMESTAMPS = 1_000;
  static final int TIMESTAMPS_PER_REQUEST = 10;
  static final int CLIENTS = 4;
  static final int DURABILITY_SAMPLES = 200_000;

  /**
   * Whether the requests are Prometheus remote write rather than Prometheus text (system property
   * {@code bench.protocol}: {@code text}, the default, or {@code remote-write}).
   */
  static final boolean REMOTE_WRITE = "remote-write".equals(System.getProperty("bench.protocol"));

  /**
   * Whether the requests are OTLP/HTTP protobuf ({@code bench.protocol=otlp}) to {@code
   * /v1/metrics}: Windlass alone, as vmagent 1.79 takes no OTLP.
   */
  static final boolean OTLP = "otlp".equals(System.getProperty("bench.protocol"));

  /**
   * Millions pushed into an agent after its cold one and not reported: the JIT's warm-up (system
   * property {@code bench.warmUpRounds}, default 2).
   */
  static final int WARM_UP_ROUNDS = Integer.getInteger("bench.warmUpRounds", 2);

  /** Millions of the same series measured after those: the {@code steady} figures' medians. */
  static final int STEADY_ROUNDS = 3;

  /** Millions of series not seen before, after the steady ones: the {@code churn} medians. */
  static final int CHURN_ROUNDS = 3;

  static final Duration PATIENCE = Duration.ofMinutes(3);

  /** The most peak resident memory Windlass may have, as a multiple of vmagent's. */
  static final double MAX_PEAK_RSS_RATIO = 2.0;

  /** The prefix of the ratios of Windlass's figures to vmagent's. */
  static final String RATIO = "windlass-vs-vmagent";

  private static final double MIB = 1024.0 * 1024.0;

  /** The most CPU the agents together may use in {@link #IDLE_WINDOW_MILLIS} to count as idle. */
  static final int IDLE_CPU_MILLIS = 20;

  static final int IDLE_WINDOW_MILLIS = 300;

  /** The longest wait for the agents to be idle before a round. */
  static final Duration IDLE_PATIENCE = Duration.ofSeconds(10);

  /** How long a count must stay unchanged to be taken as final. */
  static final Duration SETTLED = Duration.ofSeconds(20);

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private ForwardingBenchmark() {}

  /** An agent under test: how to start it, given where it should forward to. */
  interface Agent extends AutoCloseable {
    String name();

    URI importUri();

    BackendProcess process();

    @Override
    default void close() {
      process().close();
    }
  }

  public static void main(String[] args) throws Exception {
    System.out.printf("load-average %.2f%n", BenchmarkRounds.loadAverage());
    try (VictoriaMetricsServer vm = new VictoriaMetricsServer().start();
        ByteCountingProxy toVmFromVmagent = new ByteCountingProxy(vm.remoteWriteUri());
        ByteCountingProxy toVmFromWindlass = new ByteCountingProxy(vm.remoteWriteUri())) {
      Function<String, Agent> vmagent =
          name -> agent(name, vmagent(toVmFromVmagent.via(vm.remoteWriteUri())));
      Function<String, Agent> windlass =
          name -> agent(name, windlass(toVmFromWindlass.via(vm.remoteWriteUri())));
      if (OTLP) {
        otlp(vm, windlass, toVmFromWindlass);
        return;
      }

      List<AtRest> atRest =
          AtRest.measure(
              List.of(
                  () -> vmagent.apply("vmagent").process(),
                  () -> windlass.apply("windlass").process()));
      AtRest peerAtRest = atRest.get(0);
      AtRest ourAtRest = atRest.get(1);
      peerAtRest.print("vmagent");
      ourAtRest.print("windlass");
      AtRest.printRatios(RATIO, ourAtRest, peerAtRest);

      Throughput[][] runs =
          throughput(
              vm,
              new Contender(vmagent.apply("vmagent"), toVmFromVmagent, "bench_vmagent"),
              new Contender(windlass.apply("windlass"), toVmFromWindlass, "bench_windlass"));
      Map<Regime, Throughput> peer = byRegime(runs[0]);
      Map<Regime, Throughput> ours = byRegime(runs[1]);
      for (Regime regime : Regime.values()) {
        peer.get(regime).print("vmagent." + regime.label());
        ours.get(regime).print("windlass." + regime.label());
        ours.get(regime).printRatios(RATIO + "." + regime.label(), peer.get(regime));
      }
      for (Regime regime : Regime.values()) {
        ours.get(regime).printThreads("windlass." + regime.label());
      }
      long peerPeakRss = peakRss(peer);
      long ourPeakRss = peakRss(ours);
      figure("vmagent.peak-rss", peerPeakRss / MIB, "MiB", 1);
      figure("windlass.peak-rss", ourPeakRss / MIB, "MiB", 1);
      figure(RATIO + ".peak-rss", (double) ourPeakRss / peerPeakRss, "ratio", 2);

      System.out.printf("load-average %.2f%n", BenchmarkRounds.loadAverage());
      long peerDelivered = durability(vm, vmagent.apply("vmagent"), "durable_vmagent");
      long ourDelivered = durability(vm, windlass.apply("windlass"), "durable_windlass");
      figure("vmagent.durability.delivered-of-acknowledged", peerDelivered, "samples");
      figure("windlass.durability.delivered-of-acknowledged", ourDelivered, "samples");
      figure("durability.acknowledged", DURABILITY_SAMPLES, "samples");

      verdict("windlass loses 0 acknowledged samples", ourDelivered == DURABILITY_SAMPLES);
      for (Regime regime : Regime.values()) {
        Throughput mine = ours.get(regime);
        Throughput theirs = peer.get(regime);
        double cpuRatio = mine.cpuSecondsPerMillion() / theirs.cpuSecondsPerMillion();
        verdict(
            String.format(
                Locale.ROOT,
                "windlass %s CPU per million <= %.1fx vmagent's: %.2f s against %.2f s, %.2fx",
                regime.label(),
                regime.maxCpuRatio(),
                mine.cpuSecondsPerMillion(),
                theirs.cpuSecondsPerMillion(),
                cpuRatio),
            cpuRatio <= regime.maxCpuRatio());
        regime
            .minAcceptRatio()
            .ifPresent(
                least -> {
                  double acceptRatio = mine.acceptRate() / theirs.acceptRate();
                  verdict(
                      String.format(
                          Locale.ROOT,
                          "windlass %s accept rate >= %.1fx vmagent's: %.0f against %.0f"
                              + " samples/s, %.2fx",
                          regime.label(),
                          least,
                          mine.acceptRate(),
                          theirs.acceptRate(),
                          acceptRatio),
                      acceptRatio >= least);
                });
      }
      verdict(
          String.format(
              Locale.ROOT,
              "windlass peak RSS <= %.0fx vmagent's: %.1f MiB against %.1f MiB",
              MAX_PEAK_RSS_RATIO,
              ourPeakRss / MIB,
              peerPeakRss / MIB),
          ourPeakRss <= MAX_PEAK_RSS_RATIO * peerPeakRss);
      verdictsAtRest(ourAtRest);
      verdict(
          "windlass ran within a 128 MiB heap (-Xmx128m, never failed)",
          ours.values().stream().allMatch(Throughput::survived));
    }
  }

  /** The at-rest targets, which hold for Windlass alone whatever the peer does. */
  private static void verdictsAtRest(AtRest ours) {
    verdict(
        String.format(
            Locale.ROOT,
            "windlass idle RSS <= %d MiB: %.1f MiB",
            AtRest.MAX_IDLE_RSS_BYTES / (1024 * 1024),
            ours.idleRssBytes() / MIB),
        ours.idleRssBytes() <= AtRest.MAX_IDLE_RSS_BYTES);
    verdict(
        String.format(
            Locale.ROOT,
            "windlass idle threads <= %d: %d",
            AtRest.MAX_IDLE_THREADS,
            ours.idleThreads()),
        ours.idleThreads() <= AtRest.MAX_IDLE_THREADS);
    verdict(
        String.format(
            Locale.ROOT,
            "windlass start to healthy <= %.1f s: %.2f s",
            AtRest.MAX_TO_HEALTHY.toMillis() / 1000.0,
            ours.secondsToHealthy()),
        ours.secondsToHealthy() <= AtRest.MAX_TO_HEALTHY.toMillis() / 1000.0);
  }

  /** The highest resident memory over all regimes. */
  private static long peakRss(Map<Regime, Throughput> runs) {
    return runs.values().stream().mapToLong(Throughput::peakRssBytes).max().orElseThrow();
  }

  /**
   * The OTLP figures: Windlass's alone, at rest and by regime, as no peer here takes OTLP; and its
   * durability.
   */
  private static void otlp(
      VictoriaMetricsServer vm, Function<String, Agent> windlass, ByteCountingProxy proxy)
      throws Exception {
    AtRest atRest = AtRest.measure(List.of(() -> windlass.apply("windlass").process())).get(0);
    atRest.print("windlass.otlp");
    Contender contender = new Contender(windlass.apply("windlass"), proxy, "bench_windlass");
    Map<Regime, Throughput> runs = byRegime(throughput(vm, contender)[0]);
    for (Regime regime : Regime.values()) {
      runs.get(regime).print("windlass.otlp." + regime.label());
    }
    runs.get(Regime.STEADY).printThreads("windlass.otlp.steady");
    long delivered = durability(vm, windlass.apply("windlass"), "durable_windlass");
    figure("windlass.otlp.durability.delivered-of-acknowledged", delivered, "samples");
    figure("durability.acknowledged", DURABILITY_SAMPLES, "samples");
    verdict("windlass loses 0 acknowledged samples", delivered == DURABILITY_SAMPLES);
    verdictsAtRest(atRest);
  }

  private static void verdict(String target, boolean pass) {
    System.out.println((pass ? "PASS " : "FAIL ") + target);
  }

  private static Agent agent(String name, BackendProcess process) {
    return new Agent() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public URI importUri() {
        return process.uri(
            REMOTE_WRITE ? "/api/v1/write" : OTLP ? "/v1/metrics" : "/api/v1/import/prometheus");
      }

      @Override
      public BackendProcess process() {
        return process;
      }
    };
  }

  private static BackendProcess vmagent(URI target) {
    return new VmAgentProcess(target);
  }

  private static BackendProcess windlass(URI target) {
    return new WindlassAgentProcess()
        .config("inputs: []\nsink:\n  url: " + target + "\n  interval: 1s\n  jitter: 0s\n");
  }

  record Throughput(
      double acceptRate,
      double secondsUntilQueryable,
      double cpuSeconds,
      long peakRssBytes,
      double wireBytesPerSample,
      boolean survived,
      Map<String, Double> threadSeconds) {
    /** Each figure's median over {@code warm}; the peak RSS is their highest. */
    static Throughput median(List<Throughput> warm) {
      Map<String, Double> threads = new TreeMap<>();
      warm.stream()
          .flatMap(run -> run.threadSeconds().keySet().stream())
          .distinct()
          .forEach(
              group ->
                  threads.put(
                      group, median(warm, run -> run.threadSeconds().getOrDefault(group, 0.0))));
      return new Throughput(
          median(warm, Throughput::acceptRate),
          median(warm, Throughput::secondsUntilQueryable),
          median(warm, Throughput::cpuSeconds),
          warm.stream().mapToLong(Throughput::peakRssBytes).max().orElseThrow(),
          median(warm, Throughput::wireBytesPerSample),
          warm.stream().allMatch(Throughput::survived),
          threads);
    }

    private static double median(List<Throughput> runs, ToDoubleFunction<Throughput> figure) {
      return BenchmarkRounds.median(runs.stream().mapToDouble(figure).toArray());
    }

    double forwardRate() {
      return SERIES * TIMESTAMPS / secondsUntilQueryable;
    }

    double cpuSecondsPerMillion() {
      return cpuSeconds / (SERIES * TIMESTAMPS / 1e6);
    }

    void print(String name) {
      figure(name + ".cpu-seconds-per-million", cpuSecondsPerMillion(), "s", 2);
      figure(name + ".accept-rate", acceptRate, "samples/s");
      figure(name + ".seconds-until-queryable", secondsUntilQueryable, "s", 2);
      figure(name + ".forward-rate", forwardRate(), "samples/s");
      figure(name + ".peak-rss", peakRssBytes / MIB, "MiB", 1);
      figure(name + ".wire-bytes-per-sample", wireBytesPerSample, "bytes", 2);
    }

    /** Each figure as a ratio to {@code peer}'s. */
    void printRatios(String name, Throughput peer) {
      figure(
          name + ".cpu-seconds-per-million",
          cpuSecondsPerMillion() / peer.cpuSecondsPerMillion(),
          "ratio",
          2);
      figure(name + ".accept-rate", acceptRate / peer.acceptRate, "ratio", 2);
      figure(
          name + ".seconds-until-queryable",
          secondsUntilQueryable / peer.secondsUntilQueryable,
          "ratio",
          2);
      figure(name + ".peak-rss", (double) peakRssBytes / peer.peakRssBytes, "ratio", 2);
    }

    /** The CPU seconds by thread group (threads that ended count in the total only). */
    void printThreads(String name) {
      threadSeconds.forEach(
          (group, seconds) -> {
            if (seconds >= 0.005) {
              figure(name + ".cpu-seconds." + group, seconds, "s", 2);
            }
          });
    }
  }

  /** An agent in the throughput runs: where it forwards through, and the metric pushed to it. */
  record Contender(Agent agent, ByteCountingProxy proxy, String metric) {}

  /**
   * One million in the sequence each agent gets: its regime (none for a warm-up million) and the
   * prefix of its series' label values ({@code s} for the same series throughout, {@code r<round>s}
   * for series not seen before).
   */
  record Round(Optional<Regime> regime, String seriesPrefix) {
    /**
     * The sequence: one cold million, {@link #WARM_UP_ROUNDS} warm-up and {@value #STEADY_ROUNDS}
     * steady ones of the same series, then {@value #CHURN_ROUNDS} each of new series.
     */
    static List<Round> sequence() {
      List<Round> rounds = new ArrayList<>();
      rounds.add(new Round(Optional.of(Regime.COLD), "s"));
      for (int i = 0; i < WARM_UP_ROUNDS; i++) {
        rounds.add(new Round(Optional.empty(), "s"));
      }
      for (int i = 0; i < STEADY_ROUNDS; i++) {
        rounds.add(new Round(Optional.of(Regime.STEADY), "s"));
      }
      for (int i = 0; i < CHURN_ROUNDS; i++) {
        rounds.add(new Round(Optional.of(Regime.CHURN), "r" + rounds.size() + "s"));
      }
      return rounds;
    }
  }

  /** Each regime's figures (medians over its millions) from one agent's runs. */
  private static Map<Regime, Throughput> byRegime(Throughput[] runs) {
    List<Round> rounds = Round.sequence();
    Map<Regime, Throughput> figures = new EnumMap<>(Regime.class);
    for (Regime regime : Regime.values()) {
      List<Throughput> of = new ArrayList<>();
      for (int i = 0; i < rounds.size(); i++) {
        if (rounds.get(i).regime().equals(Optional.of(regime))) {
          of.add(runs[i]);
        }
      }
      figures.put(regime, Throughput.median(of));
    }
    return figures;
  }

  /**
   * For each contender, the millions of {@link Round#sequence()}, as a long-running agent sees its
   * data. Both agents run throughout and take their millions in turn, round by round, so that a
   * busy spell of the machine falls on both.
   */
  private static Throughput[][] throughput(VictoriaMetricsServer vm, Contender... contenders)
      throws Exception {
    List<Round> sequence = Round.sequence();
    int rounds = sequence.size();
    Throughput[][] runs = new Throughput[contenders.length][rounds];
    try {
      for (Contender contender : contenders) {
        contender.agent().process().start();
      }
      long end = System.currentTimeMillis();
      for (int round = 0; round < rounds; round++) {
        // Each round the next TIMESTAMPS seconds, all in the past.
        long first = end - (long) (rounds - round) * TIMESTAMPS * 1000L;
        long expected = (round + 1L) * SERIES * TIMESTAMPS;
        for (int c = 0; c < contenders.length; c++) {
          Contender contender = contenders[c];
          awaitIdle(contenders);
          runs[c][round] =
              million(
                  vm,
                  contender.agent(),
                  contender.proxy(),
                  contender.metric(),
                  sequence.get(round).seriesPrefix(),
                  first,
                  expected);
        }
      }
      return runs;
    } finally {
      for (Contender contender : contenders) {
        contender.agent().close();
      }
    }
  }

  /**
   * Waits until no agent used more than {@value #IDLE_CPU_MILLIS} ms of CPU in the last {@value
   * #IDLE_WINDOW_MILLIS} ms (one still compiling or sending from its last round would take the
   * machine from the next), or {@link #IDLE_PATIENCE} passed.
   */
  private static void awaitIdle(Contender... contenders) throws IOException {
    AtomicReference<Double> last = new AtomicReference<>(cpuSeconds(contenders));
    Duration window = Duration.ofMillis(IDLE_WINDOW_MILLIS);
    try {
      await()
          .atMost(IDLE_PATIENCE)
          .pollDelay(window)
          .pollInterval(window)
          .until(
              () -> {
                double now = cpuSeconds(contenders);
                return (now - last.getAndSet(now)) * 1000 <= IDLE_CPU_MILLIS;
              });
    } catch (ConditionTimeoutException busy) {
      // Busy throughout: the round runs anyway, on a machine as busy as it is.
    }
  }

  private static double cpuSeconds(Contender... contenders) throws IOException {
    double total = 0;
    for (Contender contender : contenders) {
      total += ProcessUsage.of(contender.agent().process().pid()).cpuSeconds();
    }
    return total;
  }

  /**
   * Pushes a million samples of {@code metric} (series labelled {@code <seriesPrefix><n>}) from
   * {@code firstMillis} on and waits until VictoriaMetrics holds {@code expected} samples of it.
   */
  private static Throughput million(
      VictoriaMetricsServer vm,
      Agent agent,
      ByteCountingProxy proxy,
      String metric,
      String seriesPrefix,
      long firstMillis,
      long expected)
      throws Exception {
    {
      long pid = agent.process().pid();
      List<byte[]> bodies = bodies(metric, seriesPrefix, TIMESTAMPS, firstMillis);
      ProcessUsage before = ProcessUsage.of(pid);
      long wireBefore = proxy.upstreamBytes();
      long start = System.nanoTime();
      push(agent.importUri(), bodies);
      double pushSeconds = BenchmarkRounds.seconds(System.nanoTime() - start);
      long total = (long) SERIES * TIMESTAMPS;
      awaitCount(vm, metric, expected);
      double untilQueryable = BenchmarkRounds.seconds(System.nanoTime() - start);
      ProcessUsage after = ProcessUsage.of(pid);
      return new Throughput(
          total / pushSeconds,
          untilQueryable,
          after.cpuSeconds() - before.cpuSeconds(),
          after.peakRssBytes(),
          (proxy.upstreamBytes() - wireBefore) / (double) total,
          agent.process().isRunning(),
          after.threadSecondsSince(before));
    }
  }

  private static long durability(VictoriaMetricsServer vm, Agent agent, String metric)
      throws Exception {
    try (agent) {
      agent.process().start();
      vm.stop();
      int timestamps = DURABILITY_SAMPLES / SERIES;
      push(
          agent.importUri(),
          bodies(metric, "s", timestamps, System.currentTimeMillis() - timestamps * 1000L));
      agent.process().kill();
      vm.start();
      agent.process().start();
      return awaitSettled(vm, metric, DURABILITY_SAMPLES);
    }
  }

  /**
   * The request bodies: every series ({@code series="<seriesPrefix><n>"}) at {@code timestamps}
   * one-second steps from {@code first}.
   */
  static List<byte[]> bodies(String metric, String seriesPrefix, int timestamps, long first) {
    if (REMOTE_WRITE) {
      return remoteWriteBodies(metric, seriesPrefix, timestamps, first);
    }
    if (OTLP) {
      return otlpBodies(metric, seriesPrefix, timestamps, first);
    }
    List<byte[]> bodies = new ArrayList<>();
    for (int t = 0; t < timestamps; t += TIMESTAMPS_PER_REQUEST) {
      StringBuilder text = new StringBuilder(SERIES * TIMESTAMPS_PER_REQUEST * 48);
      for (int j = t; j < Math.min(timestamps, t + TIMESTAMPS_PER_REQUEST); j++) {
        long time = first + j * 1000L;
        for (int s = 0; s < SERIES; s++) {
          text.append(metric)
              .append("{series=\"")
              .append(seriesPrefix)
              .append(s)
              .append("\",job=\"bench\"} ")
              .append(s + j * 0.5)
              .append(' ')
              .append(time)
              .append('\n');
        }
      }
      bodies.add(text.toString().getBytes(StandardCharsets.UTF_8));
    }
    return bodies;
  }

  /** {@link #bodies} as snappy-compressed remote write 1.0 requests: the same samples. */
  static List<byte[]> remoteWriteBodies(
      String metric, String seriesPrefix, int timestamps, long first) {
    List<byte[]> bodies = new ArrayList<>();
    for (int t = 0; t < timestamps; t += TIMESTAMPS_PER_REQUEST) {
      List<RemoteWrite.Series> series = new ArrayList<>(SERIES);
      for (int s = 0; s < SERIES; s++) {
        RemoteWrite.Series one =
            RemoteWrite.Series.of(metric, "series", seriesPrefix + s, "job", "bench");
        for (int j = t; j < Math.min(timestamps, t + TIMESTAMPS_PER_REQUEST); j++) {
          one = one.sample(first + j * 1000L, s + j * 0.5);
        }
        series.add(one);
      }
      try {
        bodies.add(Snappy.compress(RemoteWrite.encode(series)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return bodies;
  }

  /**
   * {@link #bodies} as OTLP {@code ExportMetricsServiceRequest}s: the same samples, each series a
   * gauge data point stream of {@code metric} with the attribute {@code series}, under a resource
   * whose {@code service.name} is {@code bench} (stored as {@code job="bench"}).
   */
  static List<byte[]> otlpBodies(String metric, String seriesPrefix, int timestamps, long first) {
    List<byte[]> bodies = new ArrayList<>();
    Resource resource =
        Resource.newBuilder()
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("service.name")
                    .setValue(AnyValue.newBuilder().setStringValue("bench")))
            .build();
    for (int t = 0; t < timestamps; t += TIMESTAMPS_PER_REQUEST) {
      Gauge.Builder gauge = Gauge.newBuilder();
      for (int s = 0; s < SERIES; s++) {
        KeyValue series =
            KeyValue.newBuilder()
                .setKey("series")
                .setValue(AnyValue.newBuilder().setStringValue(seriesPrefix + s))
                .build();
        for (int j = t; j < Math.min(timestamps, t + TIMESTAMPS_PER_REQUEST); j++) {
          gauge.addDataPoints(
              NumberDataPoint.newBuilder()
                  .addAttributes(series)
                  .setTimeUnixNano((first + j * 1000L) * 1_000_000L)
                  .setAsDouble(s + j * 0.5));
        }
      }
      bodies.add(
          ExportMetricsServiceRequest.newBuilder()
              .addResourceMetrics(
                  ResourceMetrics.newBuilder()
                      .setResource(resource)
                      .addScopeMetrics(
                          ScopeMetrics.newBuilder()
                              .addMetrics(Metric.newBuilder().setName(metric).setGauge(gauge))))
              .build()
              .toByteArray());
    }
    return bodies;
  }

  /** Pushes every body from {@value #CLIENTS} clients; fails on any answer but 2xx. */
  static void push(URI uri, List<byte[]> bodies) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    AtomicInteger next = new AtomicInteger();
    try {
      List<Future<Void>> done = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        done.add(
            clients.submit(
                () -> {
                  for (int i = next.getAndIncrement();
                      i < bodies.size();
                      i = next.getAndIncrement()) {
                    HttpResponse<String> response =
                        HTTP.send(
                            request(uri)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i)))
                                .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() / 100 != 2) {
                      throw new IOException(
                          uri + " answered " + response.statusCode() + ": " + response.body());
                    }
                  }
                  return null;
                }));
      }
      for (Future<Void> f : done) {
        f.get();
      }
    } finally {
      clients.shutdownNow();
    }
  }

  private static HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
    if (OTLP) {
      return request.header("Content-Type", "application/x-protobuf");
    }
    return REMOTE_WRITE
        ? request
            .header("Content-Type", "application/x-protobuf")
            .header("Content-Encoding", "snappy")
            .header("X-Prometheus-Remote-Write-Version", "0.1.0")
        : request;
  }

  /**
   * Waits until VictoriaMetrics holds {@code total} samples of {@code metric}, polling every 50 ms
   * (the resolution of the time-until-queryable figure).
   */
  private static void awaitCount(VictoriaMetricsServer vm, String metric, long total) {
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> count(vm, metric) >= total);
  }

  /**
   * Waits until {@code total} samples of {@code metric} arrived, or their count has not changed for
   * {@link #SETTLED}; returns the count.
   */
  private static long awaitSettled(VictoriaMetricsServer vm, String metric, long total) {
    AtomicLong last = new AtomicLong(-1);
    AtomicLong lastChange = new AtomicLong(System.nanoTime());
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              long now = count(vm, metric);
              if (now != last.getAndSet(now)) {
                lastChange.set(System.nanoTime());
              }
              return now >= total || System.nanoTime() - lastChange.get() > SETTLED.toNanos();
            });
    return last.get();
  }

  private static long count(VictoriaMetricsServer vm, String metric) {
    List<VectorSample> result = vm.query("sum(count_over_time(" + metric + "[1d]))");
    return result.isEmpty() ? 0 : (long) result.get(0).value();
  }
}
