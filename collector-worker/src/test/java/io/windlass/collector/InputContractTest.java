package io.windlass.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.common.util.concurrent.MoreExecutors;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.SpoolDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The input contract, as a kit: extend it with {@link #newInput()} returning a fresh instance of
 * the input under test (set up any fixture it reads in {@code @BeforeEach} or in {@code newInput}).
 * Each check is a test of its own:
 *
 * <ul>
 *   <li>a collect returns within {@link #collectTimeout()} (preemptively: a hung input fails, it
 *       does not hang the build);
 *   <li>two instances share no mutable state: collecting with both alternately gives each what an
 *       instance alone gives, compared by {@link #comparableForm(Metric)} (names and tags; values
 *       too when {@link #deterministicValues()});
 *   <li>metric names are non-blank, tag keys non-blank, tag values non-null, values finite;
 *   <li>an {@link InputWithPrefix} leaves its prefix out of its names, and the pipeline puts it in:
 *       every key the pipeline writes starts with it, and the spool refuses none of them.
 * </ul>
 *
 * <p>Shipped in this module's test jar ({@code <type>test-jar</type>}) for other modules' inputs.
 *
 * @param <I> the input type under test
 */
public abstract class InputContractTest<I extends Input> {

  /** A scratch directory for the pipeline check's spool (and for fixtures, if an input wants). */
  @TempDir protected Path tempDir;

  /** A new, independent instance of the input under test. */
  protected abstract I newInput() throws Exception;

  /** How long one collect may take; generous, since CI machines are slow. */
  protected Duration collectTimeout() {
    return Duration.ofSeconds(5);
  }

  /** How many times each check collects with one instance (rates often appear on the second). */
  protected int collects() {
    return 3;
  }

  /** Whether two instances collecting the same way give the same values (fixture-driven inputs). */
  protected boolean deterministicValues() {
    return false;
  }

  /** What the shared-state check compares of a metric. */
  protected String comparableForm(Metric metric) {
    String form = metric.name() + new TreeMap<>(metric.tags());
    return deterministicValues() ? form + "=" + metric.value() : form;
  }

  /** Collects once into a new accumulator, failing if it takes longer than the timeout. */
  protected final List<Metric> collectOnce(I input) {
    MemoryAccumulator accumulator = new MemoryAccumulator();
    assertTimeoutPreemptively(
        collectTimeout(),
        () -> input.collect(accumulator),
        () -> input.getClass().getName() + ".collect took longer than " + collectTimeout());
    return accumulator.metrics();
  }

  private List<String> forms(List<Metric> metrics) {
    return metrics.stream().map(this::comparableForm).sorted().toList();
  }

  @Test
  public void collectReturnsWithinItsTimeout() throws Exception {
    I input = newInput();
    for (int i = 0; i < collects(); i++) {
      collectOnce(input);
    }
  }

  @Test
  public void instancesShareNoMutableState() throws Exception {
    I first = newInput();
    I second = newInput();
    List<List<String>> firstSeen = new ArrayList<>();
    List<List<String>> secondSeen = new ArrayList<>();
    for (int i = 0; i < collects(); i++) {
      firstSeen.add(forms(collectOnce(first)));
      secondSeen.add(forms(collectOnce(second)));
    }
    I alone = newInput();
    List<List<String>> aloneSeen = new ArrayList<>();
    for (int i = 0; i < collects(); i++) {
      aloneSeen.add(forms(collectOnce(alone)));
    }
    assertThat(firstSeen)
        .as("an instance collecting alternately with another, against one alone")
        .isEqualTo(aloneSeen);
    assertThat(secondSeen)
        .as("the other instance collecting alternately, against one alone")
        .isEqualTo(aloneSeen);
  }

  @Test
  public void metricsAreWellFormed() throws Exception {
    I input = newInput();
    for (int i = 0; i < collects(); i++) {
      for (Metric metric : collectOnce(input)) {
        assertThat(metric.name()).as("a metric name").isNotBlank();
        assertThat(Double.isFinite(metric.value()))
            .as("metric %s value %s is finite", metric.name(), metric.value())
            .isTrue();
        metric
            .tags()
            .forEach(
                (key, value) -> {
                  assertThat(key).as("a tag key of %s", metric.name()).isNotBlank();
                  assertThat(value).as("tag %s of %s", key, metric.name()).isNotNull();
                });
      }
    }
  }

  @Test
  public void namesLeaveOutTheDefaultPrefix() throws Exception {
    I input = newInput();
    assumeTrue(input instanceof InputWithPrefix, "not an InputWithPrefix");
    String prefix = ((InputWithPrefix) input).defaultPrefix();
    assumeTrue(!prefix.isEmpty(), "the default prefix is empty");
    for (int i = 0; i < collects(); i++) {
      assertThat(collectOnce(input))
          .extracting(Metric::name)
          .allSatisfy(name -> assertThat(name).doesNotStartWith(prefix));
    }
  }

  @Test
  public void thePipelineWritesEveryMetricWithThePrefix() throws Exception {
    I input = newInput();
    String prefix = input instanceof InputWithPrefix withPrefix ? withPrefix.defaultPrefix() : "";
    Path spoolDir = Files.createDirectories(tempDir.resolve("contract-spool"));
    ManualTime time = new ManualTime(Instant.parse("2025-01-01T00:00:00.500Z"));
    Duration interval = Duration.ofSeconds(10);
    try (SpoolDirectory spool = SpoolDirectory.open(spoolDir)) {
      Pipeline pipeline =
          new Pipeline(
              new CollectTask(
                  "contract", "contract", interval, Duration.ZERO, interval, Map.of(), null),
              input,
              spool,
              "unit-contract",
              time.clock(),
              time,
              MoreExecutors.directExecutor());
      pipeline.startAsync().awaitRunning();
      // The runs also write durable batches: allow for slow disks on top of the collects.
      assertTimeoutPreemptively(
          collectTimeout().multipliedBy(collects()).plusSeconds(30),
          () -> time.advance(interval.multipliedBy(collects())));
      pipeline.stopAsync().awaitTerminated();

      List<MetricBatch> batches = spool.reader().read();
      assertThat(batches).hasSize(collects());
      assertThat(batches)
          .flatExtracting(MetricBatch::metrics)
          .extracting(io.windlass.spool.Metric::key)
          .allSatisfy(key -> assertThat(key).startsWith(prefix));
      PipelineStats stats = pipeline.stats();
      assertThat(stats.errors()).as("collects that failed in the pipeline").isZero();
      assertThat(stats.rejectedMetrics()).as("metrics the spool refused").isZero();
      assertThat(stats.droppedValues()).as("non-finite values").isZero();
    }
  }
}
