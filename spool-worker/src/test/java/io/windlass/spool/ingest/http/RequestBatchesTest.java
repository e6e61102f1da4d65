package io.windlass.spool.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.BatchFormat;
import io.windlass.spool.DeclaredMetrics;
import io.windlass.spool.LabelSet;
import io.windlass.spool.Metric;
import io.windlass.spool.MetricBatch;
import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricType;
import io.windlass.spool.SpoolDirectory;
import io.windlass.spool.SpoolOptions;
import io.windlass.spool.ingest.format.PushSeries;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestBatchesTest {
  private static final Instant T = Instant.parse("2025-01-02T03:04:05Z");

  @TempDir Path dir;
  private SpoolDirectory spool;

  @BeforeEach
  void open() throws IOException {
    spool = SpoolDirectory.open(dir, SpoolOptions.builder().maxBatchBytes(2048).build());
  }

  @AfterEach
  void close() throws IOException {
    spool.close();
  }

  private RequestBatches batches(int maxSamplesPerBatch) {
    return new RequestBatches(
        spool,
        DeclaredMetrics.any(),
        "push:prometheus",
        "agent-1",
        BatchFormat.JSON_LINES,
        maxSamplesPerBatch);
  }

  @Test
  void publishesNothingUntilCommitThenEveryBatchOfTheRequest() throws IOException {
    RequestBatches batches = batches(10);
    for (int i = 0; i < 25; i++) {
      batches.add("m", Integer.toString(i), T, Map.of("i", Integer.toString(i)));
    }
    assertThat(spool.reader().read()).isEmpty();

    batches.commit();

    List<MetricBatch> published = spool.reader().read();
    assertThat(published).hasSize(3);
    assertThat(published.stream().mapToInt(b -> b.metrics().size()).sum()).isEqualTo(25);
    assertThat(published).allSatisfy(b -> assertThat(b.charmUrl()).isEqualTo("push:prometheus"));
    assertThat(batches.samples()).isEqualTo(25);
    assertThat(batches.committed()).isEqualTo(3);
  }

  @Test
  void everyBatchOfTheRequestCarriesTheFamiliesTheBodyDescribed() throws IOException {
    RequestBatches batches = batches(10);
    batches.describe(new MetricFamily("m", MetricType.UNKNOWN, "Help of m.", ""));
    batches.describe(new MetricFamily("m", MetricType.COUNTER, "", ""));
    batches.describe(new MetricFamily("m", MetricType.UNKNOWN, "", "seconds"));
    for (int i = 0; i < 25; i++) {
      batches.add("m", Integer.toString(i), T, Map.of("i", Integer.toString(i)));
    }
    batches.commit();

    MetricFamily m = new MetricFamily("m", MetricType.COUNTER, "Help of m.", "seconds");
    assertThat(batches.families()).containsExactly(m);
    List<MetricBatch> published = spool.reader().read();
    assertThat(published).hasSize(3);
    assertThat(published).allSatisfy(b -> assertThat(b.families()).containsExactly(m));
  }

  @Test
  void startsAnotherBatchWhenOneIsFull() throws IOException {
    RequestBatches batches = batches(RequestBatches.MAX_SAMPLES_PER_BATCH);
    for (int i = 0; i < 100; i++) {
      batches.add("a_rather_long_metric_name", Integer.toString(i), T, Map.of("n", "x".repeat(40)));
    }
    batches.commit();

    List<MetricBatch> published = spool.reader().read();
    assertThat(published.size()).isGreaterThan(1);
    assertThat(published.stream().mapToInt(b -> b.metrics().size()).sum()).isEqualTo(100);
  }

  @Test
  void addsSamplesOfKnownSeriesThroughHandlesAcrossBatchesAndLetsThemGo() throws IOException {
    List<PushSeries> series =
        List.of(
            new PushSeries("m", LabelSet.of(Map.of("i", "a"))),
            new PushSeries("m", LabelSet.of(Map.of("i", "b"))),
            new PushSeries("a_rather_long_metric_name", LabelSet.of(Map.of("n", "x".repeat(40)))));
    RequestBatches batches = batches(7);
    for (int i = 0; i < 60; i++) {
      batches.add(series.get(i % 3), Integer.toString(i), T.plusSeconds(i));
    }
    assertThat(series).allSatisfy(one -> assertThat(one.boundTo()).isNotNull());

    batches.commit();

    assertThat(series)
        .allSatisfy(
            one -> {
              assertThat(one.boundTo()).isNull();
              assertThat(one.handle()).isNull();
            });
    List<MetricBatch> published = spool.reader().read();
    assertThat(published.size()).isGreaterThanOrEqualTo(60 / 7);
    assertThat(published.stream().flatMap(b -> b.metrics().stream()).map(Metric::value))
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.IntStream.range(0, 60).mapToObj(Integer::toString).toList());

    RequestBatches refused = batches(7);
    refused.add(series.get(0), "1", T);
    refused.discard();
    assertThat(series.get(0).boundTo()).isNull();
    assertThat(spool.reader().read()).hasSameSizeAs(published);
  }

  @Test
  void discardLeavesNothingInTheSpool() throws IOException {
    RequestBatches batches = batches(10);
    for (int i = 0; i < 25; i++) {
      batches.add("m", Integer.toString(i), T, Map.of());
    }

    batches.discard();

    assertThat(spool.reader().read()).isEmpty();
    assertThat(spool.stats().publishedBatches()).isZero();
  }

  /**
   * Covers a bug where every series of a request kept a handle into its batch, with its labels,
   * until the request was committed: a push of 200,000 distinct series ran an agent with a 128 MiB
   * heap out of memory.
   */
  @Test
  void holdsHandlesForABoundedNumberOfSeriesWhateverTheRequest() throws IOException {
    try (SpoolDirectory roomy = SpoolDirectory.open(dir.resolve("roomy"))) {
      RequestBatches batches =
          new RequestBatches(
              roomy,
              DeclaredMetrics.any(),
              "push:prometheus",
              "agent-1",
              BatchFormat.JSON_LINES,
              5_000);
      int series = 3 * RequestBatches.MAX_BOUND_SERIES;
      int most = 0;
      for (int i = 0; i < series; i++) {
        batches.add(new PushSeries("m", LabelSet.of(Map.of("i", Integer.toString(i)))), "1", T);
        most = Math.max(most, batches.boundSeries());
      }
      assertThat(most).isEqualTo(RequestBatches.MAX_BOUND_SERIES);

      batches.commit();

      assertThat(batches.boundSeries()).isZero();
      assertThat(roomy.stats().publishedMetrics()).isEqualTo(series);
    }
  }

  @Test
  void keepsBatchesItIsDoneWithOnDiskAndADiscardRemovesTheirTemporaryFiles() throws IOException {
    Path root = dir.resolve("spilling");
    try (SpoolDirectory roomy = SpoolDirectory.open(root)) {
      RequestBatches batches =
          new RequestBatches(
              roomy,
              DeclaredMetrics.any(),
              "push:prometheus",
              "agent-1",
              BatchFormat.JSON_LINES,
              500);
      String padding = "v".repeat(200);
      for (int i = 0; i < 1_750; i++) {
        batches.add("m", "1", T, Map.of("i", Integer.toString(i), "padding", padding));
      }
      assertThat(batches.batches()).isEqualTo(4);
      assertThat(stagedFiles(root)).as("the batches done with are on disk").hasSize(3);

      batches.discard();

      assertThat(stagedFiles(root)).isEmpty();
      assertThat(roomy.reader().read()).isEmpty();
    }
  }

  private static List<Path> stagedFiles(Path spoolDir) throws IOException {
    try (var files = java.nio.file.Files.walk(spoolDir.resolve(".staging"))) {
      return files.filter(java.nio.file.Files::isRegularFile).toList();
    }
  }
}
