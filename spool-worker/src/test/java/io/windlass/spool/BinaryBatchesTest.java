package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches written in {@link BatchFormat#BINARY}: read back, by every reader, as the very metrics
 * the same calls make in JSON lines; whole or not at all; refused within their bounds as JSON
 * batches are; and quarantined, with a reason, when the file is not what a writer wrote.
 */
class BinaryBatchesTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final byte[] MAGIC = {0x00, 'W', 'L', 'B', 0x01};

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(T0);
  private final List<SpoolDirectory> opened = new ArrayList<>();

  @AfterEach
  void closeSpools() throws IOException {
    for (SpoolDirectory spool : opened) {
      spool.close();
    }
  }

  /** One call on a recorder, made the same way on a JSON and on a binary one. */
  private interface Call {
    void on(MetricRecorder recorder, Map<Series, SeriesRecorder> handles) throws IOException;
  }

  private record Series(String key, Map<String, String> labels) {}

  @Test
  void readsBackWhatTheSameCallsWriteAsJsonLinesThroughEveryWayOfAdding() throws IOException {
    Random random = new Random(20261207);
    for (int round = 0; round < 20; round++) {
      List<Call> calls = randomCalls(random, 1 + random.nextInt(400));
      SpoolDirectory json = open(dir.resolve("json-" + round), options());
      SpoolDirectory binary = open(dir.resolve("binary-" + round), options());

      String jsonUuid = record(json, BatchFormat.JSON_LINES, calls);
      String binaryUuid = record(binary, BatchFormat.BINARY, calls);

      byte[] binaryData = Files.readAllBytes(dir.resolve("binary-" + round).resolve(binaryUuid));
      assertThat(binaryData).startsWith(MAGIC);
      MetricBatch fromJson = only(json);
      MetricBatch fromBinary = only(binary);
      assertThat(fromBinary.metrics()).isEqualTo(fromJson.metrics());
      assertThat(fromBinary.families()).isEqualTo(fromJson.families());
      assertThat(fromBinary.metrics().size()).isEqualTo(calls.size());
      assertThat(ReadOnlySpool.of(dir.resolve("binary-" + round)).read(binaryUuid))
          .hasValueSatisfying(batch -> assertThat(batch.metrics()).isEqualTo(fromJson.metrics()));
      assertThat(jsonUuid).isNotEqualTo(binaryUuid);
    }
  }

  @Test
  void aSampleCostsAboutATenthOfItsJsonLine() throws IOException {
    List<Call> calls = new ArrayList<>();
    for (int t = 0; t < 10; t++) {
      Instant time = T0.plusSeconds(15L * t);
      for (int s = 0; s < 1000; s++) {
        Series series =
            new Series("node_cpu_seconds_total", Map.of("cpu", "cpu" + s, "mode", "idle"));
        double value = 1234.5 + s + t;
        calls.add((recorder, handles) -> handle(recorder, handles, series).add(value, time));
      }
    }
    SpoolDirectory json = open(dir.resolve("json"), options());
    SpoolDirectory binary = open(dir.resolve("binary"), options());

    long jsonBytes =
        Files.size(dir.resolve("json").resolve(record(json, BatchFormat.JSON_LINES, calls)));
    long binaryBytes =
        Files.size(dir.resolve("binary").resolve(record(binary, BatchFormat.BINARY, calls)));

    assertThat(binaryBytes).isLessThan(jsonBytes / 5).isLessThan(10_000 * 12 + 1000 * 50);
    assertThat(only(binary).metrics()).isEqualTo(only(json).metrics());
  }

  @Test
  void aBatchLargerThanTheSpillBufferIsWholeAndChecksummedAcrossItsSpills() throws IOException {
    SpoolDirectory spool = open(dir.resolve("s"), options());
    JsonMetricRecorder recorder =
        spool.recorder(DeclaredMetrics.any(), "push:remote-write", "agent-1", BatchFormat.BINARY);
    List<Metric> expected = new ArrayList<>();
    for (int i = 0; i < 60_000; i++) { // ~700 KB: spilled to its temporary file twice
      Map<String, String> labels = Map.of("i", Integer.toString(i % 5000));
      Instant time = T0.plusMillis(i / 5000);
      recorder.series("big", labels).add(i * 0.5, time);
      expected.add(new Metric("big", MetricValues.text(i * 0.5), time, labels));
    }
    recorder.flush(); // parks the file: a later sample opens it again
    recorder.series("big", Map.of()).add(-1.0, T0);
    expected.add(new Metric("big", "-1", T0, Map.of()));
    recorder.close();

    assertThat(Files.size(dir.resolve("s").resolve(recorder.uuid()))).isGreaterThan(512 * 1024);
    assertThat(only(spool).metrics()).isEqualTo(expected);
  }

  @Test
  void aBatchOfMoreSeriesThanTheWriterRemembersDefinesThemAgainAndReadsBackWhole()
      throws IOException {
    List<Call> calls = new ArrayList<>();
    for (int pass = 0; pass < 2; pass++) { // the second pass finds every series forgotten
      Instant time = T0.plusSeconds(pass);
      for (int s = 0; s < 10_000; s++) {
        Series series = new Series("many", Map.of("s", Integer.toString(s)));
        double value = s + pass;
        calls.add((recorder, handles) -> handle(recorder, handles, series).add(value, time));
      }
    }
    calls.add(
        (recorder, handles) -> {
          ((JsonMetricRecorder) recorder).flush(); // set aside: forgets every series and time
          handle(recorder, handles, new Series("many", Map.of("s", "0"))).add(7.0, T0);
        });
    SpoolDirectory json = open(dir.resolve("json"), options());
    SpoolDirectory binary = open(dir.resolve("binary"), options());

    record(json, BatchFormat.JSON_LINES, calls);
    record(binary, BatchFormat.BINARY, calls);

    assertThat(only(binary).metrics()).hasSize(20_001).isEqualTo(only(json).metrics());
  }

  @Test
  void aSampleRefusedForTheBatchBoundLeavesTheBatchAsItWasAndTheNextBatchWhole()
      throws IOException {
    SpoolDirectory spool = open(dir.resolve("s"), options().toBuilder().maxBatchBytes(300).build());
    JsonMetricRecorder recorder =
        spool.recorder(DeclaredMetrics.any(), "push:remote-write", "agent-1", BatchFormat.BINARY);
    recorder.series("first", Map.of("a", "b")).add(1.0, T0);
    String longValue = "x".repeat(300);

    // A new series, and a new time, whose sample does not fit: both must be taken back.
    assertThatThrownBy(
            () -> recorder.series("second", Map.of("l", longValue)).add(2.0, T0.plusSeconds(1)))
        .isInstanceOf(BatchTooLargeException.class);
    recorder.series("third", Map.of()).add(3.0, T0.plusSeconds(2));
    recorder.series("first", Map.of("a", "b")).add(4.0, T0.plusSeconds(1));
    recorder.close();

    assertThat(only(spool).metrics())
        .containsExactly(
            new Metric("first", "1", T0, Map.of("a", "b")),
            new Metric("third", "3", T0.plusSeconds(2), Map.of()),
            new Metric("first", "4", T0.plusSeconds(1), Map.of("a", "b")));
  }

  @Test
  void aSpoolWithoutBinaryBatchesWritesJsonLinesWhenAskedForBinary() throws IOException {
    SpoolDirectory spool =
        open(dir.resolve("s"), options().toBuilder().binaryBatches(false).build());
    JsonMetricRecorder recorder =
        spool.recorder(DeclaredMetrics.any(), "push:otlp", "agent-1", BatchFormat.BINARY);
    recorder.series("m", Map.of()).add(1.5, T0);
    recorder.close();

    assertThat(Files.readString(dir.resolve("s").resolve(recorder.uuid())))
        .isEqualTo("{\"key\":\"m\",\"value\":\"1.5\",\"time\":\"2025-01-01T00:00:00Z\"}\n");
  }

  @Test
  void aBinaryBatchStillChecksEveryRuleOfTheSpool() throws IOException {
    SpoolDirectory spool = open(dir.resolve("s"), options());
    JsonMetricRecorder recorder =
        spool.recorder(DeclaredMetrics.any(), "push:otlp", "agent-1", BatchFormat.BINARY);

    assertThatThrownBy(() -> recorder.series("m", Map.of()).add(Double.NaN, T0))
        .isInstanceOf(MetricsDataException.class);
    assertThatThrownBy(() -> recorder.series("bad key!", Map.of()).add(1.0, T0))
        .isInstanceOf(MetricsDataException.class);
    recorder.series("m", Map.of()).add(2.0, T0);
    recorder.close();

    assertThat(only(spool).metrics()).containsExactly(new Metric("m", "2", T0, Map.of()));
  }

  @Test
  void aBinaryFileThatIsNotWholeOrWasChangedIsQuarantinedWithItsReasonAndOthersAreRead()
      throws IOException {
    Path root = dir.resolve("s");
    SpoolDirectory writer = open(root, options());
    List<Call> calls = randomCalls(new Random(7), 50);
    String cut = record(writer, BatchFormat.BINARY, calls);
    String flipped = record(writer, BatchFormat.BINARY, calls);
    String good = record(writer, BatchFormat.BINARY, calls);
    writer.close();
    opened.remove(writer);
    byte[] data = Files.readAllBytes(root.resolve(cut));
    Files.write(root.resolve(cut), java.util.Arrays.copyOf(data, data.length - 7));
    byte[] other = Files.readAllBytes(root.resolve(flipped));
    other[other.length / 2] ^= 0x10;
    Files.write(root.resolve(flipped), other);

    SpoolDirectory spool = open(root, options());
    List<MetricBatch> batches = spool.reader().read();

    assertThat(batches).extracting(MetricBatch::uuid).containsExactly(good);
    assertThat(spool.stats().quarantined(EntryProblem.CORRUPT)).isEqualTo(2);
    assertThat(Files.readString(root.resolve("quarantine").resolve(cut + ".meta.reason")))
        .contains("binary")
        .contains("checksum");
    assertThat(Files.readString(root.resolve("quarantine").resolve(flipped + ".meta.reason")))
        .contains("checksum");
  }

  @Test
  void aBinaryWriterTakesNoMetricWithoutItsSeries() throws IOException {
    SpoolDirectory spool = open(dir.resolve("s"), options());
    JsonMetricRecorder recorder =
        spool.recorder(DeclaredMetrics.any(), "push:otlp", "agent-1", BatchFormat.BINARY);
    recorder.addMetric("m", "12.50", T0, Map.of("a", "b"));
    recorder.close();

    // addMetric finds the series too: the value's text is kept as given.
    assertThat(only(spool).metrics())
        .containsExactly(new Metric("m", "12.50", T0, Map.of("a", "b")));
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static List<Call> randomCalls(Random random, int count) {
    List<Series> series = new ArrayList<>();
    int seriesCount = 1 + random.nextInt(30);
    for (int i = 0; i < seriesCount; i++) {
      Map<String, String> labels = new TreeMap<>();
      int labelCount = random.nextInt(4);
      for (int l = 0; l < labelCount; l++) {
        labels.put(
            "l" + random.nextInt(6),
            random.nextInt(5) == 0 ? "ünïcødé €" + i : "v" + random.nextInt(1000));
      }
      series.add(new Series("metric_" + random.nextInt(10), labels));
    }
    List<Instant> times = new ArrayList<>();
    int timeCount = 1 + random.nextInt(6);
    for (int i = 0; i < timeCount; i++) {
      times.add(
          switch (random.nextInt(4)) {
            case 0 -> T0.plusMillis(random.nextInt(100_000));
            case 1 -> T0.plusNanos(random.nextLong(1_000_000_000_000L));
            case 2 -> Instant.parse("1969-12-31T23:59:59.999Z").minusSeconds(random.nextInt(1000));
            default -> T0;
          });
    }
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Series of = series.get(random.nextInt(series.size()));
      Instant time = times.get(random.nextInt(times.size()));
      double number =
          switch (random.nextInt(6)) {
            case 0 -> random.nextInt(1000);
            case 1 -> random.nextDouble() * 1e-300;
            case 2 -> random.nextDouble() * 1e300;
            case 3 -> 0.0;
            case 4 -> -random.nextDouble() * 1000;
            default -> random.nextGaussian();
          };
      String text = MetricValues.text(number);
      calls.add(
          switch (random.nextInt(4)) {
            case 0 -> (recorder, handles) -> handle(recorder, handles, of).add(number, time);
            case 1 -> (recorder, handles) -> handle(recorder, handles, of).add(text, time);
            case 2 -> {
              byte[] bytes = ("  " + text + " ").getBytes(StandardCharsets.US_ASCII);
              yield (recorder, handles) ->
                  handle(recorder, handles, of).add(bytes, 2, 2 + text.length(), time);
            }
            default -> (recorder, handles) -> recorder.addMetric(of.key(), text, time, of.labels());
          });
    }
    return calls;
  }

  private static SeriesRecorder handle(
      MetricRecorder recorder, Map<Series, SeriesRecorder> handles, Series series) {
    return handles.computeIfAbsent(series, s -> recorder.series(s.key(), s.labels()));
  }

  private String record(SpoolDirectory spool, BatchFormat format, List<Call> calls)
      throws IOException {
    JsonMetricRecorder recorder =
        spool.recorder(DeclaredMetrics.any(), "push:test", "agent-1", format);
    recorder.describe(MetricFamily.clipped("metric_1", MetricType.GAUGE, "help", "seconds"));
    Map<Series, SeriesRecorder> handles = new java.util.HashMap<>();
    for (Call call : calls) {
      call.on(recorder, handles);
    }
    recorder.close();
    clock.advance(Duration.ofSeconds(1));
    return recorder.uuid();
  }

  private static MetricBatch only(SpoolDirectory spool) throws IOException {
    List<MetricBatch> batches = spool.reader().read();
    assertThat(batches).hasSize(1);
    return batches.get(0);
  }

  private SpoolOptions options() {
    return SpoolOptions.builder().clock(clock).build();
  }

  private SpoolDirectory open(Path root, SpoolOptions options) throws IOException {
    SpoolDirectory spool = SpoolDirectory.open(root, options);
    opened.add(spool);
    return spool;
  }
}
