package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonMetricRecorderTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final DeclaredMetrics DECLARED =
      DeclaredMetrics.of(
          Map.of(
              "pings", MetricKind.GAUGE,
              "pongs", MetricKind.ABSOLUTE,
              "hits", MetricKind.COUNTER,
              "disk.*", MetricKind.GAUGE));

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(T0);
  private SpoolDirectory spool;

  @BeforeEach
  void open() throws IOException {
    spool = SpoolDirectory.open(dir, SpoolOptions.builder().clock(clock).build());
  }

  @AfterEach
  void close() throws IOException {
    spool.close();
  }

  @Test
  void writesABatchInJujuLayout() throws IOException {
    JsonMetricRecorder recorder = spool.recorder(DECLARED, "local:myapp", "agent-7");
    recorder.addMetric("pings", "5", T0.plusMillis(1), null);
    recorder.addMetric("pongs", "10", T0.plusMillis(2), Map.of("foo", "bar"));
    recorder.close();

    String uuid = recorder.uuid();
    assertThat(batchFiles()).containsExactlyInAnyOrder(uuid, uuid + ".meta");
    assertThat(Files.readString(dir.resolve(uuid)))
        .isEqualTo(
            "{\"key\":\"pings\",\"value\":\"5\",\"time\":\"2025-01-01T00:00:00.001Z\"}\n"
                + "{\"key\":\"pongs\",\"value\":\"10\",\"time\":\"2025-01-01T00:00:00.002Z\","
                + "\"labels\":{\"foo\":\"bar\"}}\n");
    assertThat(Files.readString(dir.resolve(uuid + ".meta")))
        .isEqualTo(
            "{\"charmurl\":\"local:myapp\",\"uuid\":\""
                + uuid
                + "\",\"created\":\"2025-01-01T00:00:00Z\",\"unit-tag\":\"agent-7\"}\n");
    assertThat(recorder.created()).isEqualTo(T0);
    assertThat(recorder.metadata())
        .isEqualTo(new MetricMetadata("local:myapp", uuid, T0, "agent-7"));
  }

  @Test
  void aSeriesHandleAddsWhatAddMetricAddsAndRefusesWhatItRefuses() throws IOException {
    JsonMetricRecorder one = spool.recorder(DECLARED, "local:myapp", "agent-7");
    one.addMetric("pings", "5", T0.plusMillis(1), null);
    one.addMetric("disk.used", "10", T0.plusMillis(2), Map.of("dev", "sda"));
    one.addMetric("pings", "-6", T0.plusMillis(3), null);
    one.close();
    JsonMetricRecorder other = spool.recorder(DECLARED, "local:myapp", "agent-7");
    SeriesRecorder pings = other.series("pings", null);
    SeriesRecorder disk = other.series("disk.used", Map.of("dev", "sda"));
    SeriesRecorder undeclared = other.series("nope", null);
    SeriesRecorder badLabel = other.series("pongs", Map.of("__bad", "x"));
    SeriesRecorder pongs = other.series("pongs", null);
    pings.add("5", T0.plusMillis(1));
    disk.add("10", T0.plusMillis(2));
    pings.add("-6", T0.plusMillis(3));

    assertThat(message(() -> undeclared.add("1", T0)))
        .startsWith("MetricsDataException: ")
        .isEqualTo(message(() -> other.addMetric("nope", "1", T0, null)));
    assertThat(message(() -> badLabel.add("1", T0)))
        .startsWith("MetricsDataException: ")
        .isEqualTo(message(() -> other.addMetric("pongs", "1", T0, Map.of("__bad", "x"))));
    pongs.add("1", T0);
    assertThat(message(() -> pongs.add("-1", T0)))
        .startsWith("MetricsDataException: ")
        .isEqualTo(message(() -> other.addMetric("pongs", "-1", T0, null)));
    other.close();

    assertThat(Files.readString(dir.resolve(other.uuid())))
        .isEqualTo(
            Files.readString(dir.resolve(one.uuid()))
                + "{\"key\":\"pongs\",\"value\":\"1\",\"time\":\"2025-01-01T00:00:00Z\"}\n");
    assertThatThrownBy(() -> pings.add("7", T0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
    SeriesRecorder late = other.series("pings", null);
    assertThatThrownBy(() -> late.add("7", T0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aSeriesCheckedInAnEarlierBatchTakesItsFirstSampleAsBytesOrADoubleAndRefusesABadOne()
      throws IOException {
    JsonMetricRecorder one = spool.recorder(DECLARED, "local:myapp", "agent-7");
    one.addMetric("pongs", "1", T0, null);
    one.addMetric("disk.used", "2", T0, Map.of("dev", "sda"));
    one.close();
    JsonMetricRecorder other = spool.recorder(DECLARED, "local:myapp", "agent-7");
    byte[] minusOne = "-1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] three = "3".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    SeriesRecorder refusedBytes = other.series("pongs", null);
    assertThat(message(() -> refusedBytes.add(minusOne, 0, minusOne.length, T0)))
        .startsWith("MetricsDataException: ")
        .isEqualTo(message(() -> other.addMetric("pongs", "-1", T0, null)));
    SeriesRecorder refusedDouble = other.series("pongs", null);
    assertThat(message(() -> refusedDouble.add(-1.0, T0)))
        .isEqualTo(message(() -> other.addMetric("pongs", "-1", T0, null)));
    other.series("pongs", null).add(three, 0, three.length, T0.plusMillis(1));
    other.series("disk.used", Map.of("dev", "sda")).add(4.5, T0.plusMillis(2));
    other.close();

    assertThat(Files.readString(dir.resolve(other.uuid())))
        .isEqualTo(
            "{\"key\":\"pongs\",\"value\":\"3\",\"time\":\"2025-01-01T00:00:00.001Z\"}\n"
                + "{\"key\":\"disk.used\",\"value\":\"4.5\",\"time\":\"2025-01-01T00:00:00.002Z\","
                + "\"labels\":{\"dev\":\"sda\"}}\n");
  }

  @Test
  void aSeriesHandleTakesValuesAsBytesExactlyAsStrings() throws IOException {
    java.util.SplittableRandom random = new java.util.SplittableRandom(11);
    JsonMetricRecorder strings = spool.recorder(DECLARED, "local:myapp", "agent-7");
    JsonMetricRecorder bytes = spool.recorder(DECLARED, "local:myapp", "agent-7");
    Map<String, SeriesRecorder> handles = new HashMap<>();
    String alphabet = "0123456789.-+eEx ";
    int added = 0;
    for (int i = 0; i < 5_000; i++) {
      String key = random.nextBoolean() ? "pings" : "hits";
      StringBuilder value = new StringBuilder();
      for (int n = random.nextInt(random.nextInt(10) == 0 ? 34 : 8); n > 0; n--) {
        value.append(alphabet.charAt(random.nextInt(random.nextInt(4) == 0 ? 17 : 12)));
      }
      Instant time = random.nextInt(50) == 0 ? Instant.MAX : T0.plusMillis(i);
      String expected = message(() -> strings.addMetric(key, value.toString(), time, null));
      byte[] text = ("[" + value + "]").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      SeriesRecorder handle = handles.computeIfAbsent(key, k -> bytes.series(k, null));
      String actual = message(() -> handle.add(text, 1, text.length - 1, time));
      assertThat(actual).as("value \"%s\" of %s", value, key).isEqualTo(expected);
      if (expected == null) {
        added++;
      }
    }
    strings.close();
    bytes.close();

    assertThat(added).isGreaterThan(1000);
    assertThat(Files.readString(dir.resolve(bytes.uuid())))
        .isEqualTo(Files.readString(dir.resolve(strings.uuid())));
  }

  @Test
  void aSeriesHandleTakesDoublesExactlyAsTheirTextAtInterleavedTimes() throws IOException {
    java.util.SplittableRandom random = new java.util.SplittableRandom(12);
    DeclaredMetrics nonFinite = DeclaredMetrics.anyValue();
    for (DeclaredMetrics declared : List.of(DECLARED, nonFinite)) {
      JsonMetricRecorder strings = spool.recorder(declared, "local:myapp", "agent-7");
      JsonMetricRecorder doubles = spool.recorder(declared, "local:myapp", "agent-7");
      Map<String, SeriesRecorder> handles = new HashMap<>();
      double[] special = {
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, -1.5, 1e300, 1e-9
      };
      int added = 0;
      for (int i = 0; i < 5_000; i++) {
        String key = random.nextBoolean() ? "pings" : "hits";
        double value =
            random.nextInt(10) == 0
                ? special[random.nextInt(special.length)]
                : random.nextInt(-100, 10_000) / (random.nextBoolean() ? 8.0 : 3.0);
        // Each series' samples at 20 times in turn, as remote write requests hold them.
        Instant time = random.nextInt(100) == 0 ? Instant.MAX : T0.plusSeconds(i % 20);
        String expected =
            message(() -> strings.addMetric(key, MetricValues.text(value), time, null));
        SeriesRecorder handle = handles.computeIfAbsent(key, k -> doubles.series(k, null));
        String actual = message(() -> handle.add(value, time));
        assertThat(actual).as("value %s of %s", value, key).isEqualTo(expected);
        if (expected == null) {
          added++;
        }
      }
      strings.close();
      doubles.close();

      assertThat(added).isGreaterThan(1000);
      assertThat(Files.readString(dir.resolve(doubles.uuid())))
          .isEqualTo(Files.readString(dir.resolve(strings.uuid())));
    }
  }

  /** The message of what {@code action} throws, or null if it throws nothing. */
  private static @Nullable String message(ThrowingAction action) {
    try {
      action.run();
    } catch (Exception e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    return null;
  }

  @FunctionalInterface
  private interface ThrowingAction {
    void run() throws Exception;
  }

  @Test
  void publishesNothingBeforeClose() throws IOException {
    JsonMetricRecorder recorder = spool.recorder(DECLARED, "local:myapp", "agent-7");
    recorder.addMetric("pings", "5", T0, null);

    assertThat(spool.reader().read()).isEmpty();
    assertThat(batchFiles()).isEmpty();

    recorder.close();
    assertThat(spool.reader().read()).hasSize(1);
  }

  @Test
  void streamsALargeBatchToAHiddenFileAndPublishesItWhole() throws IOException {
    JsonMetricRecorder recorder = spool.recorder(DECLARED, "local:myapp", "agent-7");
    for (int i = 0; i < 5000; i++) {
      recorder.addMetric("disk.used", Integer.toString(i), T0, Map.of("device", "sda" + i));
    }

    assertThat(batchFiles()).isEmpty();
    assertThat(hiddenFiles())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("." + recorder.uuid() + ".inc-");

    recorder.close();
    List<MetricBatch> batches = spool.reader().read();
    assertThat(batches).hasSize(1);
    assertThat(batches.get(0).metrics()).hasSize(5000);
    assertThat(batches.get(0).metrics().get(4999))
        .isEqualTo(new Metric("disk.used", "4999", T0, Map.of("device", "sda4999")));
    assertThat(hiddenFiles()).isEmpty();
  }

  @Test
  void discardsABatchWithoutMetrics() throws IOException {
    JsonMetricRecorder recorder = spool.recorder(DECLARED, "local:myapp", "agent-7");
    recorder.close();

    assertThat(batchFiles()).isEmpty();
    assertThat(spool.stats().publishedBatches()).isZero();
  }

  @Test
  void discardPublishesNothingAndRemovesTheTemporaryFile() throws IOException {
    JsonMetricRecorder recorder = spool.recorder(DECLARED, "local:myapp", "agent-7");
    for (int i = 0; i < 5000; i++) {
      recorder.addMetric("disk.used", Integer.toString(i), T0, Map.of("device", "sda" + i));
    }
    assertThat(hiddenFiles()).hasSize(1);

    recorder.discard();
    recorder.close();
    recorder.discard();

    assertThat(hiddenFiles()).isEmpty();
    assertThat(batchFiles()).isEmpty();
    assertThat(spool.stats().publishedBatches()).isZero();
    assertThatThrownBy(() -> recorder.addMetric("pings", "6", T0, null))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void discardAfterCloseKeepsTheBatch() throws IOException {
    JsonMetricRecorder recorder = spool.recorder(DECLARED, "local:myapp", "agent-7");
    recorder.addMetric("pings", "5", T0, null);
    recorder.close();
    recorder.discard();

    assertThat(spool.reader().read()).hasSize(1);
  }

  @Test
  void writesEverySampleOfARememberedSeriesAsTheFirst() throws IOException {
    JsonMetricRecorder recorder = spool.recorder(DECLARED, "local:myapp", "agent-7");
    Map<String, String> labels = new HashMap<>(Map.of("device", "sda", "host", "h\"1"));
    recorder.addMetric("disk.used", "1", T0, labels);
    recorder.addMetric("disk.used", "2", T0, new java.util.TreeMap<>(labels));
    recorder.addMetric("disk.used", "3", T0.plusMillis(5), labels);
    labels.put("host", "h2");
    recorder.addMetric("disk.used", "4", T0.plusMillis(5), labels);
    assertThatThrownBy(() -> recorder.addMetric("hits", "-1", T0, labels))
        .isInstanceOf(MetricsDataException.class)
        .hasMessage("metric \"hits\" (counter) value \"-1\" must be >= 0");
    recorder.addMetric("hits", "1", T0, labels);
    assertThatThrownBy(() -> recorder.addMetric("hits", "-1", T0, labels))
        .as("a remembered series still has each value checked")
        .isInstanceOf(MetricsDataException.class)
        .hasMessage("metric \"hits\" (counter) value \"-1\" must be >= 0");
    recorder.close();

    assertThat(spool.reader().read().get(0).metrics())
        .containsExactly(
            new Metric("disk.used", "1", T0, Map.of("device", "sda", "host", "h\"1")),
            new Metric("disk.used", "2", T0, Map.of("device", "sda", "host", "h\"1")),
            new Metric("disk.used", "3", T0.plusMillis(5), Map.of("device", "sda", "host", "h\"1")),
            new Metric("disk.used", "4", T0.plusMillis(5), Map.of("device", "sda", "host", "h2")),
            new Metric("hits", "1", T0, Map.of("device", "sda", "host", "h2")));
  }

  @Test
  void closesOnceAndThenRefusesMetrics() throws IOException {
    JsonMetricRecorder recorder = spool.recorder(DECLARED, "local:myapp", "agent-7");
    recorder.addMetric("pings", "5", T0, null);
    recorder.close();
    recorder.close();

    assertThat(spool.stats().publishedBatches()).isEqualTo(1);
    assertThatThrownBy(() -> recorder.addMetric("pings", "6", T0, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("recorder of batch " + recorder.uuid() + " is closed");
  }

  @Test
  void knowsItsDeclaredMetrics() throws IOException {
    JsonMetricRecorder recorder = spool.recorder(DECLARED, "local:myapp", "agent-7");

    assertThat(recorder.isDeclaredMetric("pings")).isTrue();
    assertThat(recorder.isDeclaredMetric("disk.free")).isTrue();
    assertThat(recorder.isDeclaredMetric("cpu")).isFalse();
    recorder.close();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("refusedMetrics")
  void refusesABadMetricAndLeavesTheBatchAsItWas(
      String key, String value, Map<String, String> labels, Instant time, String message)
      throws IOException {
    JsonMetricRecorder recorder = spool.recorder(DECLARED, "local:myapp", "agent-7");
    recorder.addMetric("pings", "1", T0, null);

    assertThatThrownBy(() -> recorder.addMetric(key, value, time, labels))
        .isInstanceOf(MetricsDataException.class)
        .hasMessage(message)
        .matches(MetricsDataException::isMetricsDataError);

    assertThat(recorder.metricCount()).isEqualTo(1);
    recorder.close();
    assertThat(spool.reader().read())
        .singleElement()
        .extracting(MetricBatch::metrics)
        .isEqualTo(List.of(new Metric("pings", "1", T0)));
  }

  static Stream<Arguments> refusedMetrics() {
    Map<String, String> tooMany = new HashMap<>();
    for (int i = 0; i < 33; i++) {
      tooMany.put("l" + i, "v");
    }
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("zone", null);
    String longKey = "k".repeat(256);
    return Stream.of(
        refused("nope", "1", "metric key \"nope\" is not declared by local:myapp"),
        refused(
            "bad key",
            "1",
            "metric key \"bad key\" has invalid character ' ' at index 3;"
                + " allowed are letters, digits, '_', '.', ':' and '-'"),
        refused("", "1", "metric key must not be empty"),
        refused(null, "1", "metric key must not be null"),
        refused("9lives", "1", "metric key \"9lives\" must start with a letter or '_'"),
        refused(
            longKey,
            "1",
            "metric key \"" + "k".repeat(64) + "…\" is 256 characters long; the limit is 255"),
        refused(
            "pongs",
            "1234567890123456789012345678901",
            "metric \"pongs\" value \"1234567890123456789012345678901\" is 31 characters long;"
                + " the limit is 30"),
        refused("pongs", "abcd", "metric \"pongs\" value \"abcd\" is not a decimal number"),
        refused("pings", "", "metric \"pings\" value \"\" is not a decimal number"),
        refused("pings", " 1", "metric \"pings\" value \" 1\" is not a decimal number"),
        refused("pings", "1 ", "metric \"pings\" value \"1 \" is not a decimal number"),
        refused("pings", "0x10", "metric \"pings\" value \"0x10\" is not a decimal number"),
        refused("pings", "1_000", "metric \"pings\" value \"1_000\" is not a decimal number"),
        refused("pings", "1d", "metric \"pings\" value \"1d\" is not a decimal number"),
        refused("pings", ".", "metric \"pings\" value \".\" is not a decimal number"),
        refused("pings", "1e", "metric \"pings\" value \"1e\" is not a decimal number"),
        refused("pings", "e5", "metric \"pings\" value \"e5\" is not a decimal number"),
        refused("pings", "--1", "metric \"pings\" value \"--1\" is not a decimal number"),
        refused("pings", "NaN", "metric \"pings\" value \"NaN\" is not a finite number"),
        refused("pings", "+Inf", "metric \"pings\" value \"+Inf\" is not a finite number"),
        refused(
            "pings", "-Infinity", "metric \"pings\" value \"-Infinity\" is not a finite number"),
        refused("pings", "1e999", "metric \"pings\" value \"1e999\" is out of range"),
        refused("pings", "-2E+400", "metric \"pings\" value \"-2E+400\" is out of range"),
        refused("pongs", "-5.0", "metric \"pongs\" (absolute) value \"-5.0\" must be >= 0"),
        refused("hits", "-1", "metric \"hits\" (counter) value \"-1\" must be >= 0"),
        refused("hits", "-.5e-3", "metric \"hits\" (counter) value \"-.5e-3\" must be >= 0"),
        refused("pings", null, "metric \"pings\" has no value"),
        Arguments.of("pings", "1", Map.of(), null, "metric \"pings\" has no time"),
        Arguments.of(
            "pings",
            "1",
            Map.of(),
            Instant.parse("+10000-01-01T00:00:00Z"),
            "metric \"pings\" time +10000-01-01T00:00:00Z is outside years 0000-9999"),
        refused("pings", "1", tooMany, "metric \"pings\" has 33 labels; the limit is 32"),
        refused(
            "pings",
            "1",
            Map.of("__name__", "x"),
            "metric \"pings\" label name \"__name__\" is reserved (it starts with \"__\")"),
        refused(
            "pings",
            "1",
            Map.of("a-b", "x"),
            "metric \"pings\" label name \"a-b\" has invalid character '-' at index 1;"
                + " allowed are letters, digits and '_'"),
        refused(
            "pings",
            "1",
            Map.of("1a", "x"),
            "metric \"pings\" label name \"1a\" must start with a letter or '_'"),
        refused("pings", "1", Map.of("", "x"), "metric \"pings\" label name must not be empty"),
        refused(
            "pings",
            "1",
            Map.of("l".repeat(129), "x"),
            "metric \"pings\" label name \""
                + "l".repeat(64)
                + "…\" is 129 characters long; the limit is 128"),
        refused(
            "pings",
            "1",
            Map.of("zone", "v".repeat(1025)),
            "metric \"pings\" label \"zone\" value is 1025 characters long; the limit is 1024"),
        refused(
            "pings",
            "1",
            Map.of("zone", "a\uDC00b"),
            "metric \"pings\" label \"zone\" value has an unpaired surrogate at index 1"),
        refused("pings", "1", nullValue, "metric \"pings\" label \"zone\" has no value"));
  }

  private static Arguments refused(String key, String value, String message) {
    return Arguments.of(key, value, Map.of(), T0, message);
  }

  private static Arguments refused(
      String key, String value, Map<String, String> labels, String message) {
    return Arguments.of(key, value, labels, T0, message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-0", "5.", "+.5", "1e308", "1E-400", "0.000000000000000000000001"})
  void acceptsDecimalNumbersForCounters(String value) throws IOException {
    JsonMetricRecorder recorder = spool.recorder(DECLARED, "local:myapp", "agent-7");
    recorder.addMetric("hits", value, T0, null);
    recorder.close();

    assertThat(spool.reader().read().get(0).metrics().get(0).value()).isEqualTo(value);
  }

  @Test
  void acceptsNegativeGaugesAndAnyLabelText() throws IOException {
    JsonMetricRecorder recorder = spool.recorder(DECLARED, "local:myapp", "agent-7");
    Map<String, String> labels = Map.of("path", "/var/log\n\"quoted\"\t€😀", "_x9", "");
    recorder.addMetric("pings", "-12.5e3", Instant.parse("0000-01-01T00:00:00Z"), labels);
    recorder.addMetric("disk.io:x-y_z", "1", Instant.parse("9999-12-31T23:59:59.999999999Z"), null);
    recorder.close();

    assertThat(spool.reader().read().get(0).metrics())
        .containsExactly(
            new Metric("pings", "-12.5e3", Instant.parse("0000-01-01T00:00:00Z"), labels),
            new Metric("disk.io:x-y_z", "1", Instant.parse("9999-12-31T23:59:59.999999999Z")));
  }

  @Test
  void acceptsAnyWellFormedKeyWhenNothingIsDeclared() throws IOException {
    JsonMetricRecorder recorder = spool.recorder(DeclaredMetrics.any(), "input:cpu", "agent-7");
    recorder.addMetric("cpu.util", "-1", T0, null);

    assertThatThrownBy(() -> recorder.addMetric("cpu util", "1", T0, null))
        .isInstanceOf(MetricsDataException.class)
        .hasMessageStartingWith("metric key \"cpu util\" has invalid character ' '");
    recorder.close();
    assertThat(spool.reader().read().get(0).metrics()).hasSize(1);
  }

  @Test
  void refusesAMetricThatWouldMakeTheBatchTooLarge() throws IOException {
    spool.close();
    spool =
        SpoolDirectory.open(dir, SpoolOptions.builder().clock(clock).maxBatchBytes(100).build());
    JsonMetricRecorder recorder = spool.recorder(DECLARED, "local:myapp", "agent-7");
    recorder.addMetric("pings", "1", T0, null);

    assertThatThrownBy(() -> recorder.addMetric("pings", "2", T0, null))
        .isInstanceOf(BatchTooLargeException.class)
        .hasMessage(
            "batch "
                + recorder.uuid()
                + " would hold 116 bytes with metric \"pings\"; max-batch-bytes is 100:"
                + " close it and record the rest in another batch");
    assertThat(recorder.metricCount()).isEqualTo(1);
    recorder.close();
    assertThat(spool.reader().read().get(0).metrics()).hasSize(1);
  }

  @Test
  void keepsLinesWholeWhenThreadsShareARecorder() throws Exception {
    JsonMetricRecorder recorder = spool.recorder(DECLARED, "local:myapp", "agent-7");
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String device = "dev" + t;
        writers.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < 3000; i++) {
                    recorder.addMetric(
                        "disk.ops", Integer.toString(i), T0, Map.of("device", device));
                  }
                  return null;
                }));
      }
      for (Future<?> writer : writers) {
        writer.get(30, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    recorder.close();

    List<Metric> metrics = spool.reader().read().get(0).metrics();
    assertThat(metrics).hasSize(12_000);
    Map<String, List<String>> byDevice =
        metrics.stream()
            .collect(
                Collectors.groupingBy(
                    m -> m.labels().get("device"),
                    Collectors.mapping(Metric::value, Collectors.toList())));
    List<String> expected =
        IntStream.range(0, 3000).mapToObj(Integer::toString).collect(Collectors.toList());
    assertThat(byDevice)
        .hasSize(4)
        .allSatisfy((device, values) -> assertThat(values).isEqualTo(expected));
  }

  @Test
  void keepsTheFamiliesABatchDescribesInItsMetadataFileAndReadsThemBack() throws IOException {
    MetricFamily hits = new MetricFamily("hits", MetricType.COUNTER, "Hits \"so far\".", "");
    MetricFamily disk = new MetricFamily("disk.used", MetricType.GAUGE, "Used space.", "bytes");
    JsonMetricRecorder recorder = spool.recorder(DECLARED, "local:myapp", "agent-7");
    recorder.describe(new MetricFamily("hits", MetricType.GAUGE, "replaced", ""));
    recorder.describe(hits);
    recorder.describe(disk);
    recorder.addMetric("hits", "5", T0, null);
    recorder.close();

    String uuid = recorder.uuid();
    assertThat(Files.readString(dir.resolve(uuid + ".meta")))
        .isEqualTo(
            "{\"charmurl\":\"local:myapp\",\"uuid\":\""
                + uuid
                + "\",\"created\":\"2025-01-01T00:00:00Z\",\"unit-tag\":\"agent-7\","
                + "\"families\":[{\"name\":\"hits\",\"type\":\"counter\","
                + "\"help\":\"Hits \\\"so far\\\".\",\"unit\":\"\"},"
                + "{\"name\":\"disk.used\",\"type\":\"gauge\",\"help\":\"Used space.\","
                + "\"unit\":\"bytes\"}]}\n");
    try (MetricReader reader = spool.reader()) {
      MetricBatch batch = reader.read().get(0);
      assertThat(batch.families()).containsExactly(hits, disk);
      assertThat(batch.metadata().families()).containsExactly(hits, disk);
    }
    assertThat(ReadOnlySpool.of(dir).read(uuid).orElseThrow().families())
        .containsExactly(hits, disk);
  }

  @Test
  void aBatchWithoutFamiliesIsWrittenAsBeforeAndReadsWithNone() throws IOException {
    JsonMetricRecorder recorder = spool.recorder(DECLARED, "local:myapp", "agent-7");
    recorder.addMetric("hits", "5", T0, null);
    recorder.close();

    assertThat(Files.readString(dir.resolve(recorder.uuid() + ".meta"))).doesNotContain("families");
    try (MetricReader reader = spool.reader()) {
      assertThat(reader.read().get(0).families()).isEmpty();
    }
  }

  @Test
  void keepsTheFirstFamiliesUpToTheLimitAndWithinTheMetadataFileBound() throws IOException {
    JsonMetricRecorder recorder = spool.recorder(DECLARED, "local:myapp", "agent-7");
    for (int i = 0; i < MetricMetadata.MAX_FAMILIES + 10; i++) {
      recorder.describe(new MetricFamily("f" + i, MetricType.GAUGE, "", ""));
    }
    recorder.addMetric("hits", "5", T0, null);
    recorder.close();
    JsonMetricRecorder long_ = spool.recorder(DECLARED, "local:myapp", "agent-7");
    for (int i = 0; i < MetricMetadata.MAX_FAMILIES; i++) {
      long_.describe(
          new MetricFamily(
              "f" + i, MetricType.GAUGE, "\u0001".repeat(MetricFamily.MAX_HELP_LENGTH), ""));
    }
    long_.addMetric("hits", "6", T0.plusSeconds(1), null);
    long_.close();

    try (MetricReader reader = spool.reader()) {
      List<MetricBatch> batches = reader.read();
      List<MetricFamily> first = batches.get(0).families();
      assertThat(first).hasSize(MetricMetadata.MAX_FAMILIES);
      assertThat(first.get(first.size() - 1).name())
          .isEqualTo("f" + (MetricMetadata.MAX_FAMILIES - 1));
      List<MetricFamily> second = batches.get(1).families();
      assertThat(second).isNotEmpty().hasSizeLessThan(MetricMetadata.MAX_FAMILIES);
      assertThat(second.get(0).name()).isEqualTo("f0");
    }
    assertThat(Files.size(dir.resolve(long_.uuid() + ".meta")))
        .isLessThanOrEqualTo(io.windlass.spool.internal.SpoolEntries.MAX_META_BYTES);
  }

  @Test
  void readsASpoolWrittenBeforeFamiliesWereKept() throws IOException {
    String uuid = "7d3b2a4e-1111-4222-8333-444455556661";
    Path old = Files.createDirectory(dir.resolve("old"));
    Files.writeString(
        old.resolve(uuid),
        "{\"key\":\"hits\",\"value\":\"1\",\"time\":\"2025-01-01T00:00:00Z\"}\n");
    Files.writeString(
        old.resolve(uuid + ".meta"),
        "{\"charmurl\":\"local:old\",\"uuid\":\""
            + uuid
            + "\",\"created\":\""
            + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            + "\",\"unit-tag\":\"agent-1\"}\n");

    try (SpoolDirectory reopened =
            SpoolDirectory.open(old, SpoolOptions.builder().clock(clock).build());
        MetricReader reader = reopened.reader()) {
      MetricBatch batch = reader.read().get(0);
      assertThat(batch.uuid()).isEqualTo(uuid);
      assertThat(batch.families()).isEmpty();
      assertThat(batch.metrics()).hasSize(1);
    }
  }

  @Test
  void readsFamiliesLeniently_aBadDescriptionIsLeftOutNotTheBatch() throws IOException {
    String uuid = "7d3b2a4e-1111-4222-8333-444455556662";
    Path old = Files.createDirectory(dir.resolve("old"));
    Files.writeString(
        old.resolve(uuid),
        "{\"key\":\"hits\",\"value\":\"1\",\"time\":\"2025-01-01T00:00:00Z\"}\n");
    Files.writeString(
        old.resolve(uuid + ".meta"),
        "{\"charmurl\":\"local:x\",\"uuid\":\""
            + uuid
            + "\",\"created\":\""
            + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            + "\",\"unit-tag\":\"agent-1\","
            + "\"families\":[{\"name\":\"9bad\"},{\"type\":\"gauge\"},7,"
            + "{\"name\":\"ok\",\"type\":\"weird\",\"help\":\""
            + "h".repeat(MetricFamily.MAX_HELP_LENGTH + 5)
            + "\",\"extra\":[1]},{\"name\":\"sum\",\"type\":\"SUMMARY\",\"help\":null}]}\n");

    try (SpoolDirectory reopened =
            SpoolDirectory.open(old, SpoolOptions.builder().clock(clock).build());
        MetricReader reader = reopened.reader()) {
      assertThat(reader.read().get(0).families())
          .containsExactly(
              new MetricFamily(
                  "ok", MetricType.UNKNOWN, "h".repeat(MetricFamily.MAX_HELP_LENGTH), ""),
              new MetricFamily("sum", MetricType.SUMMARY, "", ""));
    }
  }

  @Test
  void aRejectedPartKeepsTheBatchFamilies() throws IOException {
    MetricFamily hits = new MetricFamily("hits", MetricType.COUNTER, "Hits.", "");
    JsonMetricRecorder recorder = spool.recorder(DECLARED, "local:myapp", "agent-7");
    recorder.describe(hits);
    recorder.addMetric("hits", "5", T0, null);
    recorder.close();

    try (MetricReader reader = spool.reader()) {
      MetricBatch batch = reader.read().get(0);
      String part = reader.rejectPart(batch, batch.metrics(), "refused");
      assertThat(Files.readString(dir.resolve("rejected").resolve(part + ".meta")))
          .contains("\"families\":[{\"name\":\"hits\"");
    }
  }

  private List<String> batchFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("."))
          .collect(Collectors.toList());
    }
  }

  /** The hidden files in the spool directory and its staging directories. */
  private List<String> hiddenFiles() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(".") && !n.equals(".windlass.lock"))
          .collect(Collectors.toList());
    }
  }

  @Test
  void aFlushedBatchHoldsItsLinesOnDiskAndTakesMoreAfterwards() throws IOException {
    JsonMetricRecorder recorder = spool.recorder(DeclaredMetrics.any(), "push:prometheus", "a-1");
    String padding = "p".repeat(500);
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 200; i++) {
        recorder.addMetric("m", Integer.toString(i), T0, Map.of("r", "" + round, "p", padding));
      }
      recorder.flush();
      try (var staged = java.nio.file.Files.walk(dir.resolve(".staging"))) {
        assertThat(staged.filter(java.nio.file.Files::isRegularFile).toList()).hasSize(1);
      }
    }
    recorder.flush(); // nothing buffered: nothing to do

    recorder.close();

    List<MetricBatch> batches = spool.reader().read();
    assertThat(batches).hasSize(1);
    assertThat(batches.get(0).metrics()).hasSize(600);
  }
}
