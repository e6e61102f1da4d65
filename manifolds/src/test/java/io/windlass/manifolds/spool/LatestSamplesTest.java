package io.windlass.manifolds.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.windlass.manifolds.spool.LatestSamples.Sample;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricKind;
import io.windlass.spool.MetricRecorder;
import io.windlass.spool.MetricType;
import io.windlass.spool.MetricsDataException;
import io.windlass.spool.SeriesRecorder;
import io.windlass.spool.SpoolDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The latest-samples view fed through the tee over a real spool. */
class LatestSamplesTest {
  private static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");

  @TempDir Path dir;

  private final FakeClock clock = new FakeClock(T0);
  private SpoolDirectory spool;

  @BeforeEach
  void open() throws IOException {
    spool = SpoolDirectory.open(dir);
  }

  @AfterEach
  void close() throws IOException {
    spool.close();
  }

  private static List<Sample> sorted(LatestSamples view) {
    return view.snapshot().stream()
        .sorted(Comparator.comparing(Sample::key).thenComparing(s -> s.labels().toString()))
        .toList();
  }

  @Test
  void keepsTheLatestSampleOfEachSeriesOnceTheBatchIsDurable() throws IOException {
    LatestSamples view = new LatestSamples(100, Duration.ofMinutes(1), clock);
    LatestSamplesTee tee = new LatestSamplesTee(spool, view);
    DeclaredMetrics declared =
        DeclaredMetrics.of(Map.of("hits", MetricKind.COUNTER, "temp", MetricKind.GAUGE));

    MetricRecorder recorder = tee.recorder(declared, "local:test", "t-1");
    recorder.addMetric("hits", "1", T0, Map.of("zone", "a"));
    recorder.addMetric("hits", "3", T0.plusSeconds(2), new TreeMap<>(Map.of("zone", "a")));
    recorder.addMetric("hits", "2", T0.plusSeconds(1), Map.of("zone", "a"));
    recorder.addMetric("hits", "7", T0, Map.of("zone", "b"));
    recorder.addMetric("temp", "-4.5", T0, null);
    assertThat(view.snapshot()).as("nothing before the batch is durable").isEmpty();

    recorder.close();

    assertThat(sorted(view))
        .containsExactly(
            new Sample(
                "local:test",
                "hits",
                Map.of("zone", "a"),
                MetricKind.COUNTER,
                "3",
                T0.plusSeconds(2)),
            new Sample("local:test", "hits", Map.of("zone", "b"), MetricKind.COUNTER, "7", T0),
            new Sample("local:test", "temp", Map.of(), MetricKind.GAUGE, "-4.5", T0));
    assertThat(view.recordedMetrics()).containsExactly(Map.entry("local:test", 5L));
    assertThat(spool.reader().read()).hasSize(1);
  }

  /**
   * Covers a bug where two prometheus inputs' pipeline health series, the same key and labels from
   * two sources, were one series in the view.
   */
  @Test
  void theSameSeriesFromTwoSourcesIsTwoSeries() throws IOException {
    LatestSamples view = new LatestSamples(100, Duration.ofMinutes(1), clock);
    LatestSamplesTee tee = new LatestSamplesTee(spool, view);
    for (String source : List.of("input:prometheus/node", "input:prometheus/push")) {
      try (MetricRecorder recorder = tee.recorder(DeclaredMetrics.any(), source, "t-1")) {
        recorder.addMetric("collect_seconds", "0.1", T0, Map.of());
      }
    }

    assertThat(view.snapshot())
        .extracting(Sample::source)
        .containsExactlyInAnyOrder("input:prometheus/node", "input:prometheus/push");
  }

  @Test
  void samplesAddedThroughSeriesHandlesEnterTheViewWithTheirBatch() throws IOException {
    LatestSamples view = new LatestSamples(100, Duration.ofMinutes(1), clock);
    LatestSamplesTee tee = new LatestSamplesTee(spool, view);
    DeclaredMetrics declared =
        DeclaredMetrics.of(Map.of("hits", MetricKind.COUNTER, "temp", MetricKind.GAUGE));

    MetricRecorder recorder = tee.recorder(declared, "local:test", "t-1");
    SeriesRecorder a = recorder.series("hits", Map.of("zone", "a"));
    SeriesRecorder unused = recorder.series("hits", Map.of("zone", "c"));
    a.add("1", T0);
    byte[] text = "[3]".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    a.add(text, 1, 2, T0.plusSeconds(2));
    a.add("2", T0.plusSeconds(1));
    assertThatThrownBy(() -> a.add("-1", T0.plusSeconds(9)))
        .as("a counter cannot go negative")
        .isInstanceOf(MetricsDataException.class);
    recorder.addMetric("temp", "-4.5", T0, null);
    recorder.addMetric("hits", "0", T0.plusSeconds(5), Map.of("zone", "a"));
    assertThat(view.snapshot()).as("nothing before the batch is durable").isEmpty();
    MetricRecorder other = tee.recorder(declared, "local:other", "t-1");
    SeriesRecorder b = other.series("hits", Map.of("zone", "b"));
    b.add("4", T0);
    b.add(text, 1, 2, T0.plusSeconds(1));
    b.add(2.5, T0.plusSeconds(3));
    b.add(7.0, T0.plusSeconds(2));
    other.close();

    recorder.close();

    assertThat(sorted(view))
        .containsExactly(
            new Sample(
                "local:test",
                "hits",
                Map.of("zone", "a"),
                MetricKind.COUNTER,
                "0",
                T0.plusSeconds(5)),
            new Sample(
                "local:other",
                "hits",
                Map.of("zone", "b"),
                MetricKind.COUNTER,
                "2.5",
                T0.plusSeconds(3)),
            new Sample("local:test", "temp", Map.of(), MetricKind.GAUGE, "-4.5", T0));
    assertThat(view.recordedMetrics())
        .containsOnly(Map.entry("local:test", 5L), Map.entry("local:other", 4L));

    MetricRecorder discarded = tee.recorder(declared, "local:test", "t-1");
    discarded.series("temp", null).add("99", T0.plusSeconds(60));
    discarded.discard();
    assertThat(view.snapshot())
        .extracting(Sample::value)
        .containsExactlyInAnyOrder("0", "2.5", "-4.5");
  }

  @Test
  void keepsTheLatestDescriptionOfEachFamilyOnceItsBatchIsDurable() throws IOException {
    LatestSamples view = new LatestSamples(100, Duration.ofMinutes(1), clock);
    LatestSamplesTee tee = new LatestSamplesTee(spool, view);
    MetricFamily first = new MetricFamily("temp", MetricType.GAUGE, "First.", "celsius");
    MetricFamily later = new MetricFamily("temp", MetricType.GAUGE, "Later.", "celsius");

    MetricRecorder recorder = tee.recorder(DeclaredMetrics.any(), "local:test", "t-1");
    recorder.describe(first);
    recorder.addMetric("temp", "1", T0, null);
    assertThat(view.family("temp")).as("not durable yet").isNull();
    recorder.close();
    assertThat(view.family("temp")).isEqualTo(first);
    assertThat(spool.reader().read().get(0).families()).as("and in the spool").contains(first);

    MetricRecorder discarded = tee.recorder(DeclaredMetrics.any(), "local:test", "t-1");
    discarded.describe(later);
    discarded.discard();
    assertThat(view.family("temp")).isEqualTo(first);

    MetricRecorder next = tee.recorder(DeclaredMetrics.any(), "local:test", "t-1");
    next.describe(later);
    next.addMetric("temp", "2", T0, null);
    next.close();
    assertThat(view.family("temp")).isEqualTo(later);
  }

  @Test
  void anOlderSampleOfALaterBatchDoesNotReplaceANewerOne() throws IOException {
    LatestSamples view = new LatestSamples(100, Duration.ofMinutes(1), clock);
    LatestSamplesTee tee = new LatestSamplesTee(spool, view);

    record(tee, "temp", "2", T0.plusSeconds(10));
    record(tee, "temp", "1", T0);
    record(tee, "temp", "5", T0.plusSeconds(10));

    assertThat(view.snapshot()).extracting(Sample::value).containsExactly("5");
  }

  @Test
  void aDiscardedOrFailedBatchLeavesNothingInTheView() throws IOException {
    LatestSamples view = new LatestSamples(100, Duration.ofMinutes(1), clock);
    LatestSamplesTee tee = new LatestSamplesTee(spool, view);

    MetricRecorder discarded = tee.recorder(DeclaredMetrics.any(), "local:test", "t-1");
    discarded.addMetric("temp", "1", T0, null);
    discarded.discard();
    discarded.close();

    MetricRecorder refused = tee.recorder(DeclaredMetrics.any(), "local:test", "t-1");
    assertThatThrownBy(() -> refused.addMetric("temp", "NaN", T0, null))
        .isInstanceOf(MetricsDataException.class);
    refused.close();

    assertThat(view.snapshot()).isEmpty();
    assertThat(view.recordedMetrics()).isEmpty();
    assertThat(spool.reader().read()).isEmpty();
  }

  @Test
  void leavesOutNewSeriesWhenFullAndCountsThem() throws IOException {
    LatestSamples view = new LatestSamples(2, Duration.ofMinutes(1), clock);
    LatestSamplesTee tee = new LatestSamplesTee(spool, view);

    record(tee, "a", "1", T0);
    record(tee, "b", "1", T0);
    MetricRecorder recorder = tee.recorder(DeclaredMetrics.any(), "local:test", "t-1");
    for (String key : List.of("c", "d", "a")) {
      recorder.addMetric(key, "2", T0.plusSeconds(1), null);
    }
    recorder.close();

    assertThat(view.size()).isEqualTo(2);
    assertThat(view.seriesDropped()).isEqualTo(2);
    assertThat(sorted(view))
        .extracting(Sample::key, Sample::value)
        .containsExactly(tuple("a", "2"), tuple("b", "1"));
    assertThat(view.recordedMetrics()).containsEntry("local:test", 5L);
  }

  @Test
  void aSeriesNotRecordedForMaxIdleLeavesTheViewAndMakesRoom() throws IOException {
    LatestSamples view = new LatestSamples(1, Duration.ofMinutes(1), clock);
    LatestSamplesTee tee = new LatestSamplesTee(spool, view);
    record(tee, "old", "1", T0);

    clock.advance(Duration.ofSeconds(61));
    record(tee, "new", "1", T0);

    assertThat(view.snapshot()).extracting(Sample::key).containsExactly("new");
    assertThat(view.seriesDropped()).isZero();

    clock.advance(Duration.ofSeconds(61));
    assertThat(view.snapshot()).isEmpty();
    assertThat(view.size()).isZero();
  }

  private static void record(LatestSamplesTee tee, String key, String value, Instant time)
      throws IOException {
    MetricRecorder recorder = tee.recorder(DeclaredMetrics.any(), "local:test", "t-1");
    recorder.addMetric(key, value, time, null);
    recorder.close();
  }

  /** A clock that moves only when told. */
  /**
   * Covers a bug where the view's notes of a batch grew with its series until the batch was
   * durable, whatever the view's bound: a push of 200,000 series ran the agent out of memory.
   */
  @Test
  void notesForOpenBatchesAreBoundedByTheViewAndTheRestIsStoredUnnoted() throws IOException {
    LatestSamples view = new LatestSamples(10, Duration.ofMinutes(1), clock);
    LatestSamplesTee tee = new LatestSamplesTee(spool, view);
    MetricRecorder first = tee.recorder(DeclaredMetrics.any(), "push:prometheus", "t-1");
    MetricRecorder second = tee.recorder(DeclaredMetrics.any(), "push:prometheus", "t-1");
    for (int i = 0; i < 15; i++) {
      first.series("m", Map.of("i", "a" + i)).add("1", T0);
      second.series("m", Map.of("i", "b" + i)).add("2", T0);
      second.addMetric("n", "3", T0, Map.of("i", "c" + i));
    }
    assertThat(view.pendingSeries()).isEqualTo(20);

    first.close();
    second.close();

    assertThat(view.pendingSeries()).isZero();
    assertThat(view.size()).isEqualTo(10);
    assertThat(view.seriesDropped()).isPositive();
    assertThat(spool.stats().publishedMetrics()).isEqualTo(45);
    assertThat(view.recordedMetrics()).containsEntry("push:prometheus", 45L);
  }

  @Test
  void aDiscardedBatchGivesBackWhatItNoted() throws IOException {
    LatestSamples view = new LatestSamples(10, Duration.ofMinutes(1), clock);
    LatestSamplesTee tee = new LatestSamplesTee(spool, view);
    MetricRecorder recorder = tee.recorder(DeclaredMetrics.any(), "push:prometheus", "t-1");
    for (int i = 0; i < 5; i++) {
      recorder.series("m", Map.of("i", "a" + i)).add("1", T0);
    }
    assertThat(view.pendingSeries()).isEqualTo(5);

    recorder.discard();

    assertThat(view.pendingSeries()).isZero();
    assertThat(view.snapshot()).isEmpty();
  }

  private static final class FakeClock extends Clock {
    private volatile Instant now;

    FakeClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
