package io.windlass.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.Uninterruptibles;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricType;
import io.windlass.spool.SpoolDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {

  private static final Instant START = Instant.parse("2025-01-01T00:00:07.300Z");
  private static final Duration INTERVAL = Duration.ofSeconds(10);

  @TempDir Path dir;

  private SpoolDirectory spool;
  private final ManualTime time = new ManualTime(START);
  private final List<Pipeline> pipelines = new ArrayList<>();
  private final List<ExecutorService> executors = new ArrayList<>();

  @BeforeEach
  void openSpool() throws IOException {
    spool = SpoolDirectory.open(dir);
  }

  @AfterEach
  void stopAll() throws IOException {
    for (Pipeline pipeline : pipelines) {
      pipeline.stopAsync();
    }
    for (ExecutorService executor : executors) {
      executor.shutdownNow();
    }
    spool.close();
  }

  private static Instant at(String time) {
    return Instant.parse("2025-01-01T" + time + "Z");
  }

  private static CollectTask task(String id) {
    return new CollectTask(
        id, "test", INTERVAL, Duration.ofSeconds(3), Duration.ofSeconds(2), Map.of(), "t.");
  }

  /** A started pipeline whose collects run inside its ticks. */
  private Pipeline start(CollectTask task, Input input) {
    return start(task, input, MoreExecutors.directExecutor());
  }

  private Pipeline start(CollectTask task, Input input, java.util.concurrent.Executor executor) {
    Pipeline pipeline = new Pipeline(task, input, spool, "unit-test", time.clock(), time, executor);
    pipelines.add(pipeline);
    pipeline.startAsync().awaitRunning();
    return pipeline;
  }

  private ExecutorService collectThread() {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    executors.add(executor);
    return executor;
  }

  /** Waits until everything submitted to {@code executor} so far has run. */
  private static void drain(ExecutorService executor) throws Exception {
    executor.submit(() -> {}).get(10, TimeUnit.SECONDS);
  }

  private List<MetricBatch> batches() throws IOException {
    return spool.reader().read();
  }

  private List<MetricBatch> batchesOf(String prefix) throws IOException {
    return batches().stream()
        .filter(b -> b.metrics().stream().anyMatch(m -> m.key().equals(prefix + Pipeline.UP)))
        .toList();
  }

  private static Map<String, String> values(MetricBatch batch) {
    return batch.metrics().stream()
        .collect(
            Collectors.toMap(
                io.windlass.spool.Metric::key, io.windlass.spool.Metric::value, (a, b) -> a));
  }

  private static io.windlass.spool.Metric metric(MetricBatch batch, String key) {
    return batch.metrics().stream().filter(m -> m.key().equals(key)).findFirst().orElseThrow();
  }

  @Test
  void firstRunIsAtTheFirstWindowStartAfterStartPlusTheOffset() throws IOException {
    start(task("a"), acc -> acc.addMetric(Metric.of("v", 1)));

    time.advanceTo(at("00:00:12.999"));
    assertThat(batches()).isEmpty();

    time.advanceTo(at("00:00:13"));
    assertThat(batches()).hasSize(1);
    assertThat(metric(batches().get(0), "t.v").time()).isEqualTo(at("00:00:13"));
  }

  @Test
  void theBatchCarriesTheFamiliesTheInputDescribedAndThoseOfTheHealthMetricsPrefixed()
      throws IOException {
    start(
        task("a"),
        acc -> {
          acc.describe(new MetricFamily("v", MetricType.COUNTER, "Things seen.", ""));
          acc.addMetric(Metric.of("v", 1));
        });

    time.advanceTo(at("00:00:13"));

    List<io.windlass.spool.MetricFamily> families = batches().get(0).families();
    assertThat(families)
        .contains(
            new MetricFamily("t.v", MetricType.COUNTER, "Things seen.", ""),
            new MetricFamily(
                "t.up", MetricType.GAUGE, "1 if the last collect returned in time.", ""));
    assertThat(families)
        .extracting(MetricFamily::name)
        .contains("t.collect_seconds", "t.collect_errors_total", "t.metrics_dropped_total");
  }

  @Test
  void collectNowRunsAtOnceForTheCurrentWindowAndKeepsTheSchedule() throws Exception {
    Pipeline pipeline = start(task("a"), acc -> acc.addMetric(Metric.of("v", 1)));

    com.google.common.util.concurrent.ListenableFuture<?> first = pipeline.collectNow();
    com.google.common.util.concurrent.ListenableFuture<?> second = pipeline.collectNow();
    assertThat(first).isNotDone();
    time.advance(Duration.ZERO);

    assertThat(first).isDone();
    first.get();
    second.get();
    assertThat(batches())
        .as("requests made together share one run")
        .extracting(b -> metric(b, "t.v").time())
        .containsExactly(at("00:00:03"));
    time.advanceTo(at("00:00:13"));
    assertThat(batches())
        .extracting(b -> metric(b, "t.v").time())
        .containsExactly(at("00:00:03"), at("00:00:13"));
    assertThat(pipeline.stats().runs()).isEqualTo(2);
  }

  @Test
  void collectNowFailsWhenNotRunningAndIsCancelledByAStop() throws Exception {
    Pipeline pipeline = start(task("a"), acc -> acc.addMetric(Metric.of("v", 1)));
    com.google.common.util.concurrent.ListenableFuture<?> pending = pipeline.collectNow();

    pipeline.stopAsync().awaitTerminated();

    assertThat(pending).isCancelled();
    assertThat(pipeline.collectNow())
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(IllegalStateException.class);
    assertThat(batches()).isEmpty();
  }

  /**
   * Covers a bug where a run started the moment the previous one had reported itself done (a {@code
   * collectNow} made as the previous one's future completed, or a tick falling then) found the
   * collect slot still taken, and wrote a batch saying the input hung ({@code up} 0, counted as an
   * error) without calling it. Back-to-back {@code collectNow} calls on the pipeline's own threads
   * hit it in about one run in seven.
   */
  @Test
  void aRunStartedAsThePreviousReportsItselfDoneCallsTheInput() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Pipeline pipeline =
        start(
            task("a"),
            acc -> {
              calls.incrementAndGet();
              acc.addMetric(Metric.of("v", 1));
            },
            collectThread());
    CountDownLatch requested = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<ListenableFuture<?>> second = new AtomicReference<>();
    ListenableFuture<?> first = pipeline.collectNow();
    // Runs on the collect thread as the first run completes its future, and holds that thread
    // there, as being descheduled at that point would.
    first.addListener(
        () -> {
          second.set(pipeline.collectNow());
          requested.countDown();
          Uninterruptibles.awaitUninterruptibly(release);
        },
        MoreExecutors.directExecutor());

    time.advance(Duration.ZERO);
    assertThat(requested.await(10, TimeUnit.SECONDS)).isTrue();
    time.advance(Duration.ZERO);
    release.countDown();
    second.get().get(10, TimeUnit.SECONDS);

    assertThat(batches())
        .hasSize(2)
        .allSatisfy(batch -> assertThat(values(batch)).containsEntry("t.up", "1"));
    assertThat(calls).hasValue(2);
    assertThat(pipeline.stats().errors()).isZero();
  }

  @Test
  void runsOnEveryWindowStart() throws IOException {
    start(task("a"), acc -> acc.addMetric(Metric.of("v", 1)));

    time.advanceTo(at("00:00:43.5"));

    assertThat(batches())
        .extracting(b -> metric(b, "t.v").time())
        .containsExactly(at("00:00:13"), at("00:00:23"), at("00:00:33"), at("00:00:43"));
  }

  @Test
  void metricsWithoutATimestampCarryTheWindowStartAndOthersKeepTheirs() throws IOException {
    long own = at("00:00:01").toEpochMilli();
    start(
        task("a"),
        acc -> {
          acc.addMetric(Metric.of("aligned", 1));
          acc.addMetric(new Metric("own", Map.of(), own, 2));
        });

    time.advanceTo(at("00:00:23"));

    MetricBatch second = batches().get(1);
    assertThat(metric(second, "t.aligned").time()).isEqualTo(at("00:00:23"));
    assertThat(metric(second, "t.own").time()).isEqualTo(at("00:00:01"));
    assertThat(metric(second, "t.up").time()).isEqualTo(at("00:00:23"));
  }

  @Test
  void eachRunWritesExactlyOneBatchUnderTheTasksSource() throws IOException {
    start(
        task("a"),
        acc -> {
          acc.addMetric(Metric.of("x", 1));
          acc.addMetric(Metric.of("y", 2));
          acc.addMetric(Metric.of("z", 3));
        });

    time.advanceTo(at("00:00:33"));

    List<MetricBatch> batches = batches();
    assertThat(batches).hasSize(3);
    for (MetricBatch batch : batches) {
      assertThat(batch.charmUrl()).isEqualTo("input:test/a");
      assertThat(batch.unitTag()).isEqualTo("unit-test");
      assertThat(batch.metrics())
          .extracting(io.windlass.spool.Metric::key)
          .containsExactly(
              "t.x",
              "t.y",
              "t.z",
              "t.up",
              "t.collect_seconds",
              "t.collect_errors_total",
              "t.collect_skipped_total",
              "t.metrics_dropped_total");
    }
  }

  @Test
  void healthMetricsReportAHealthyRun() throws IOException {
    start(task("a").withTags(Map.of("host", "h1")), acc -> acc.addMetric(Metric.of("v", 0.25)));

    time.advanceTo(at("00:00:13"));

    MetricBatch batch = batches().get(0);
    assertThat(values(batch))
        .containsEntry("t.v", "0.25")
        .containsEntry("t.up", "1")
        .containsEntry("t.collect_seconds", "0")
        .containsEntry("t.collect_errors_total", "0")
        .containsEntry("t.collect_skipped_total", "0")
        .containsEntry("t.metrics_dropped_total", "0");
    assertThat(metric(batch, "t.up").labels()).isEqualTo(Map.of("host", "h1"));
  }

  /** An input that collects from one target, named by labels. */
  private static final class TargetInput implements Input, TargetLabels {
    private final Input collect;

    TargetInput(Input collect) {
      this.collect = collect;
    }

    @Override
    public void collect(Accumulator accumulator) throws Exception {
      collect.collect(accumulator);
    }

    @Override
    public Map<String, String> targetLabels() {
      return Map.of("job", "node", "instance", "h:9100");
    }
  }

  /**
   * Covers a bug where the {@code up} of two scraped targets was one series: the health metrics
   * named neither target.
   */
  @Test
  void healthMetricsOfATargetInputCarryItsTargetLabelsUnderTheTasksTags() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    start(
        task("a").withTags(Map.of("host", "h1", "job", "configured")),
        new TargetInput(
            acc -> {
              if (calls.incrementAndGet() == 2) {
                throw new IOException("refused");
              }
            }));

    time.advanceTo(at("00:00:23"));

    List<MetricBatch> batches = batchesOf("t.");
    assertThat(batches).hasSize(2);
    Map<String, String> labels = Map.of("job", "configured", "instance", "h:9100", "host", "h1");
    assertThat(metric(batches.get(0), "t.up").value()).isEqualTo("1");
    assertThat(metric(batches.get(1), "t.up").value()).isEqualTo("0");
    for (MetricBatch batch : batches) {
      for (String health :
          List.of(
              "t.up",
              "t.collect_seconds",
              "t.collect_errors_total",
              "t.collect_skipped_total",
              "t.metrics_dropped_total")) {
        assertThat(metric(batch, health).labels()).as(health).isEqualTo(labels);
      }
    }
  }

  @Test
  void collectDurationIsMeasuredOnTheClock() throws IOException {
    start(task("a"), acc -> time.jump(Duration.ofMillis(250)));

    time.advanceTo(at("00:00:13"));

    assertThat(values(batches().get(0))).containsEntry("t.collect_seconds", "0.25");
  }

  @Test
  void nanAndInfiniteValuesAreDroppedAndCounted() throws IOException {
    Pipeline pipeline =
        start(
            task("a"),
            acc -> {
              acc.addMetric(Metric.of("nan", Double.NaN));
              acc.addMetric(Metric.of("inf", Double.POSITIVE_INFINITY));
              acc.addMetric(Metric.of("ninf", Double.NEGATIVE_INFINITY));
              acc.addMetric(Metric.of("ok", -1.5));
            });

    time.advanceTo(at("00:00:13"));

    MetricBatch batch = batches().get(0);
    assertThat(batch.metrics())
        .extracting(io.windlass.spool.Metric::key)
        .doesNotContain("t.nan", "t.inf", "t.ninf");
    assertThat(values(batch))
        .containsEntry("t.ok", "-1.5")
        .containsEntry("t.metrics_dropped_total", "3");
    assertThat(pipeline.stats().droppedValues()).isEqualTo(3);
  }

  @Test
  void aMetricTheSpoolRefusesIsDroppedAndTheRestIsWritten() throws IOException {
    Pipeline pipeline =
        start(
            task("a"),
            acc -> {
              acc.addMetric(Metric.of("bad", Map.of("not.a.label", "x"), 1));
              acc.addMetric(Metric.of("good", 2));
            });

    time.advanceTo(at("00:00:13"));

    assertThat(values(batches().get(0)))
        .doesNotContainKey("t.bad")
        .containsEntry("t.good", "2")
        .containsEntry("t.metrics_dropped_total", "1");
    assertThat(pipeline.stats().rejectedMetrics()).isEqualTo(1);
  }

  @Test
  void taskTagsWinOverMetricTags() throws IOException {
    start(
        task("a").withTags(Map.of("host", "configured", "dc", "eu")),
        acc -> acc.addMetric(Metric.of("v", Map.of("host", "spoofed", "cpu", "0"), 1)));

    time.advanceTo(at("00:00:13"));

    assertThat(metric(batches().get(0), "t.v").labels())
        .isEqualTo(Map.of("host", "configured", "dc", "eu", "cpu", "0"));
  }

  @Test
  void theTaskPrefixOverridesTheInputsDefaultAndNullKeepsIt() throws IOException {
    InputWithPrefix input =
        new InputWithPrefix() {
          @Override
          public String defaultPrefix() {
            return "system.";
          }

          @Override
          public void collect(Accumulator acc) {
            acc.addMetric(Metric.of("load", 1));
          }
        };
    start(task("a").withPrefix(null), input);
    start(task("b").withPrefix("custom."), input);

    time.advanceTo(at("00:00:13"));

    assertThat(batches())
        .flatExtracting(MetricBatch::metrics)
        .extracting(io.windlass.spool.Metric::key)
        .contains("system.load", "system.up", "custom.load", "custom.up")
        .doesNotContain("load", "up");
  }

  @Test
  void aThrowingInputIsIsolatedCountedAndItsNextTickRunsNormally() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    Pipeline failing =
        start(
            task("failing"),
            acc -> {
              acc.addMetric(Metric.of("partial", 1));
              if (calls.incrementAndGet() == 1) {
                throw new IOException("boom");
              }
            });
    start(task("other").withPrefix("o."), acc -> acc.addMetric(Metric.of("v", 1)));

    time.advanceTo(at("00:00:23"));

    List<MetricBatch> failingBatches = batchesOf("t.");
    assertThat(failingBatches).hasSize(2);
    assertThat(values(failingBatches.get(0)))
        .containsEntry("t.partial", "1")
        .containsEntry("t.up", "0")
        .containsEntry("t.collect_errors_total", "1");
    assertThat(values(failingBatches.get(1)))
        .containsEntry("t.up", "1")
        .containsEntry("t.collect_errors_total", "1");
    assertThat(batchesOf("o.")).hasSize(2);
    assertThat(failing.stats().errors()).isEqualTo(1);
    assertThat(failing.state()).isEqualTo(com.google.common.util.concurrent.Service.State.RUNNING);
  }

  @Test
  void aFailedRunRecordsItsErrorAndTimeAndALaterSuccessMarksItUpAndClearsTheError()
      throws IOException {
    AtomicInteger calls = new AtomicInteger();
    Pipeline pipeline =
        start(
            task("scrape"),
            acc -> {
              if (calls.incrementAndGet() == 1) {
                throw new IOException("scrape of http://127.0.0.1:9/metrics failed: refused");
              }
              acc.addMetric(Metric.of("v", 1));
            });
    assertThat(pipeline.stats().health()).isEqualTo(PipelineStats.Health.UNKNOWN);
    assertThat(pipeline.stats().lastError()).isEmpty();

    time.advanceTo(at("00:00:13"));

    PipelineStats failed = pipeline.stats();
    assertThat(failed.health()).isEqualTo(PipelineStats.Health.DOWN);
    assertThat(failed.lastError())
        .contains(
            new PipelineStats.LastError(
                "scrape of http://127.0.0.1:9/metrics failed: refused", at("00:00:13")));

    time.advanceTo(at("00:00:23"));

    PipelineStats recovered = pipeline.stats();
    assertThat(recovered.health()).isEqualTo(PipelineStats.Health.UP);
    assertThat(recovered.lastError())
        .as("as vmagent's /targets: a run that works clears the error; the counters keep it")
        .isEmpty();
    assertThat(recovered.errors()).isEqualTo(1);
  }

  @Test
  void theLastErrorIsOneLineBoundedWithAnEllipsisAndNamesAnUnexpectedFailuresClass()
      throws IOException {
    Pipeline pipeline =
        start(
            task("bug"),
            acc -> {
              throw new IllegalStateException("line one\n\tline two " + "x".repeat(400));
            });

    time.advanceTo(at("00:00:13"));

    String text = pipeline.stats().lastError().orElseThrow().text();
    assertThat(text)
        .startsWith("java.lang.IllegalStateException: line one line two xxx")
        .hasSize(io.windlass.spool.ErrorLine.MAX_LENGTH)
        .endsWith("…")
        .doesNotContain("\n", "\t");
  }

  @Test
  void aRunAbandonedAtItsTimeoutRecordsTheTimeoutAsItsError() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    ExecutorService collectThread = collectThread();
    Pipeline pipeline =
        start(
            task("slow").withTimeout(Duration.ofMillis(1500)),
            acc -> {
              entered.countDown();
              new CountDownLatch(1).await();
            },
            collectThread);

    time.advanceTo(at("00:00:13"));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    time.advanceTo(at("00:00:14.500"));

    assertThat(pipeline.stats().health()).isEqualTo(PipelineStats.Health.DOWN);
    assertThat(pipeline.stats().lastError())
        .contains(
            new PipelineStats.LastError(
                "collect abandoned at its timeout 1500ms", at("00:00:14.500")));
    drain(collectThread);
  }

  /** An input that fails as told, and whose error metric says what it was told about. */
  private static final class CheckWithErrorMetrics implements Input, ErrorMetricsSource {
    private final Input collect;
    final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

    CheckWithErrorMetrics(Input collect) {
      this.collect = collect;
    }

    @Override
    public void collect(Accumulator accumulator) throws Exception {
      collect.collect(accumulator);
    }

    @Override
    public void addErrorMetrics(Throwable failure, Accumulator accumulator) {
      failures.add(String.valueOf(failure));
      accumulator.addMetric(Metric.of("check_up", Map.of("target", "db"), 0));
    }
  }

  /**
   * An input's I/O failure or timeout that says what failed (a refused connection, an HTTP error
   * status) is expected: logged as one line, rate-limited, without a stack trace. Anything else is
   * a bug, logged with its stack trace.
   */
  @Test
  void onlyAnIoFailureOrATimeoutWithAMessageIsAnExpectedFailure() {
    assertThat(
            Pipeline.isExpected(
                new IOException("scrape of http://127.0.0.1:9/metrics failed: connection refused")))
        .isTrue();
    assertThat(
            Pipeline.isExpected(
                new java.util.concurrent.TimeoutException("no complete response within 10s")))
        .isTrue();
    assertThat(Pipeline.isExpected(new IOException())).as("says nothing").isFalse();
    assertThat(Pipeline.isExpected(new IllegalStateException("bug"))).isFalse();
    assertThat(Pipeline.isExpected(null)).isFalse();
  }

  @Test
  void aFailedCollectAddsTheInputsErrorMetricsAndASuccessfulOneDoesNot() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    CheckWithErrorMetrics input =
        new CheckWithErrorMetrics(
            acc -> {
              acc.addMetric(Metric.of("partial", 1));
              if (calls.incrementAndGet() == 1) {
                throw new IOException("boom");
              }
            });
    start(task("check"), input);

    time.advanceTo(at("00:00:23"));

    List<MetricBatch> checkBatches = batchesOf("t.");
    assertThat(checkBatches).hasSize(2);
    assertThat(values(checkBatches.get(0)))
        .containsEntry("t.partial", "1")
        .containsEntry("t.check_up", "0")
        .containsEntry("t.up", "0");
    assertThat(metric(checkBatches.get(0), "t.check_up").labels()).containsEntry("target", "db");
    assertThat(values(checkBatches.get(1))).doesNotContainKey("t.check_up");
    assertThat(input.failures).containsExactly("java.io.IOException: boom");
  }

  @Test
  void anAbandonedCollectAddsTheInputsErrorMetricsWithoutAFailure() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    ExecutorService collectThread = collectThread();
    CheckWithErrorMetrics input =
        new CheckWithErrorMetrics(
            acc -> {
              entered.countDown();
              try {
                new CountDownLatch(1).await();
              } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
              }
            });
    start(task("check"), input, collectThread);

    time.advanceTo(at("00:00:13"));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    time.advanceTo(at("00:00:15"));
    await().untilTrue(interrupted);

    List<MetricBatch> checkBatches = batchesOf("t.");
    assertThat(checkBatches).hasSize(1);
    assertThat(values(checkBatches.get(0)))
        .containsEntry("t.check_up", "0")
        .containsEntry("t.up", "0");
    assertThat(input.failures).containsExactly("null");
    drain(collectThread);
  }

  @Test
  void aHungInputIsAbandonedAtItsTimeoutWhileAnotherPipelineKeepsItsSchedule() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicInteger calls = new AtomicInteger();
    ExecutorService collectThread = collectThread();
    Pipeline hung =
        start(
            task("hung"),
            acc -> {
              acc.addMetric(Metric.of("before", 1));
              if (calls.incrementAndGet() == 1) {
                entered.countDown();
                try {
                  new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                  interrupted.set(true);
                  acc.addMetric(Metric.of("late", 1));
                  throw e;
                }
              }
            },
            collectThread);
    start(task("steady").withPrefix("s."), acc -> acc.addMetric(Metric.of("v", 1)));

    time.advanceTo(at("00:00:13"));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(batchesOf("s.")).hasSize(1);
    assertThat(batchesOf("t.")).isEmpty();

    time.advanceTo(at("00:00:15"));
    await().untilTrue(interrupted);
    List<MetricBatch> hungBatches = batchesOf("t.");
    assertThat(hungBatches).hasSize(1);
    assertThat(values(hungBatches.get(0)))
        .doesNotContainKey("t.late")
        .containsEntry("t.up", "0")
        .containsEntry("t.collect_seconds", "2")
        .containsEntry("t.collect_errors_total", "1");
    assertThat(metric(hungBatches.get(0), "t.up").time()).isEqualTo(at("00:00:13"));
    assertThat(hung.stats().timeouts()).isEqualTo(1);

    drain(collectThread);
    time.advanceTo(at("00:00:23"));
    await().until(() -> batchesOf("t.").size() == 2);
    assertThat(values(batchesOf("t.").get(1))).containsEntry("t.up", "1");
    assertThat(batchesOf("s."))
        .extracting(b -> metric(b, "s.up").time())
        .containsExactly(at("00:00:13"), at("00:00:23"));
  }

  @Test
  void anInputThatIgnoresInterruptsKeepsOneThreadAndLaterTicksReportItHung() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    ExecutorService collectThread = collectThread();
    Pipeline hung =
        start(
            task("hung"),
            acc -> {
              calls.incrementAndGet();
              entered.countDown();
              while (true) {
                try {
                  release.await();
                  return;
                } catch (InterruptedException e) {
                  // ignores it, as a badly written input does
                }
              }
            },
            collectThread);

    time.advanceTo(at("00:00:13"));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    time.advanceTo(at("00:00:33"));

    List<MetricBatch> hungBatches = batchesOf("t.");
    assertThat(hungBatches).hasSize(3);
    assertThat(values(hungBatches.get(2)))
        .containsEntry("t.up", "0")
        .doesNotContainKey("t.collect_seconds")
        .containsEntry("t.collect_errors_total", "3");
    assertThat(calls).hasValue(1);
    assertThat(hung.stats())
        .extracting(PipelineStats::runs, PipelineStats::timeouts)
        .containsExactly(3L, 1L);

    release.countDown();
    drain(collectThread);
    time.advanceTo(at("00:00:43"));
    await().until(() -> batchesOf("t.").size() == 4);
    assertThat(values(batchesOf("t.").get(3))).containsEntry("t.up", "1");
    assertThat(calls).hasValue(2);
  }

  @Test
  void anOverrunSkipsTicksAndCountsThem() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    ExecutorService collectThread = collectThread();
    Pipeline slow =
        start(
            task("slow").withTimeout(Duration.ofSeconds(25)),
            acc -> {
              if (calls.incrementAndGet() == 1) {
                entered.countDown();
                release.await();
              }
              acc.addMetric(Metric.of("v", 1));
            },
            collectThread);

    time.advanceTo(at("00:00:13"));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    time.advanceTo(at("00:00:33"));
    assertThat(slow.stats().skippedTicks()).isEqualTo(2);

    release.countDown();
    drain(collectThread);
    assertThat(batches()).hasSize(1);
    time.advanceTo(at("00:00:43"));
    drain(collectThread);

    List<MetricBatch> batches = batches();
    assertThat(batches).hasSize(2);
    assertThat(metric(batches.get(0), "t.v").time()).isEqualTo(at("00:00:13"));
    assertThat(values(batches.get(0))).containsEntry("t.up", "1");
    assertThat(metric(batches.get(1), "t.v").time()).isEqualTo(at("00:00:43"));
    assertThat(values(batches.get(1))).containsEntry("t.collect_skipped_total", "2");
    assertThat(calls).hasValue(2);
    assertThat(slow.stats().timeouts()).isZero();
  }

  @Test
  void windowsMissedByALateThreadAreSkippedAndCounted() throws IOException {
    Pipeline pipeline = start(task("a"), acc -> acc.addMetric(Metric.of("v", 1)));

    time.jump(Duration.ofSeconds(25));
    time.advance(Duration.ZERO);

    assertThat(batches()).hasSize(1);
    assertThat(metric(batches().get(0), "t.v").time()).isEqualTo(at("00:00:23"));
    assertThat(pipeline.stats().skippedTicks()).isEqualTo(1);
  }

  /** A counter whose state carries over an update. */
  private static final class CountingInput implements InputExt {
    private int count;

    @Override
    public void collect(Accumulator acc) {
      count++;
      acc.addMetric(Metric.of("count", count));
    }

    @Override
    public void updateFrom(Input previous) {
      if (previous instanceof CountingInput counting) {
        count = counting.count;
      }
    }
  }

  @Test
  void anUpdateKeepsThePhaseAndTheInputsState() throws IOException {
    Pipeline pipeline = start(task("a"), new CountingInput());
    time.advanceTo(at("00:00:25"));

    CountingInput replacement = new CountingInput();
    pipeline.update(task("a").withTags(Map.of("v", "2")), replacement);
    assertThat(pipeline.input()).isSameAs(replacement);
    time.advanceTo(at("00:00:33"));

    List<MetricBatch> batches = batches();
    assertThat(batches).extracting(b -> values(b).get("t.count")).containsExactly("1", "2", "3");
    assertThat(metric(batches.get(2), "t.count").time()).isEqualTo(at("00:00:33"));
    assertThat(metric(batches.get(2), "t.count").labels()).isEqualTo(Map.of("v", "2"));
  }

  @Test
  void anUpdateThatMovesTheScheduleRealignsTheNextTick() throws IOException {
    Pipeline pipeline = start(task("a"), new CountingInput());
    time.advanceTo(at("00:00:14"));

    pipeline.update(
        task("a").withSchedule(Duration.ofSeconds(5), Duration.ofSeconds(1)), new CountingInput());
    time.advanceTo(at("00:00:21"));

    assertThat(batches())
        .extracting(b -> metric(b, "t.count").time())
        .containsExactly(at("00:00:13"), at("00:00:16"), at("00:00:21"));
    assertThat(batches()).extracting(b -> values(b).get("t.count")).containsExactly("1", "2", "3");
  }

  @Test
  void stoppingAbandonsACollectInProgressAndWritesNothing() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    Pipeline pipeline =
        start(
            task("a"),
            acc -> {
              entered.countDown();
              try {
                new CountDownLatch(1).await();
              } catch (InterruptedException e) {
                interrupted.set(true);
              }
            },
            collectThread());
    time.advanceTo(at("00:00:13"));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    pipeline.stopAsync().awaitTerminated(10, TimeUnit.SECONDS);

    await().untilTrue(interrupted);
    time.advanceTo(at("00:01:00"));
    assertThat(batches()).isEmpty();
  }

  @Test
  void onItsOwnThreadsItRunsOnTheWallClock() throws Exception {
    Pipeline pipeline =
        new Pipeline(
            CollectTask.of("real", "test", Duration.ofMillis(20), Duration.ofSeconds(5)),
            acc -> acc.addMetric(Metric.of("v", 1)),
            spool,
            "unit-test");
    pipeline.startAsync().awaitRunning();
    try {
      await().until(() -> batches().size() >= 2);
    } finally {
      pipeline.stopAsync().awaitTerminated(10, TimeUnit.SECONDS);
    }
    for (MetricBatch batch : batches()) {
      assertThat(metric(batch, "v").time().toEpochMilli() % 20).isZero();
    }
  }
}
