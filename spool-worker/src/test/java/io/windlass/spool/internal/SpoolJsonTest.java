package io.windlass.spool.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.spool.Metric;
import io.windlass.spool.MetricMetadata;
import io.windlass.spool.MetricsDataException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SpoolJsonTest {
  private static final String UUID = "6ba7b810-9dad-41d1-80b4-00c04fd430c8";

  @Test
  void encodesMetadataAsGoDoes() {
    MetricMetadata metadata =
        new MetricMetadata(
            "local:myapp", UUID, Instant.parse("2025-01-02T03:04:05.123456Z"), "agent-1");

    assertThat(new String(SpoolJson.encodeMeta(metadata), UTF_8))
        .isEqualTo(
            "{\"charmurl\":\"local:myapp\",\"uuid\":\""
                + UUID
                + "\",\"created\":\"2025-01-02T03:04:05.123456Z\",\"unit-tag\":\"agent-1\"}\n");
  }

  @Test
  void decodesMetadataWithGoTimesAndUnknownFields() throws Exception {
    String json =
        "{\"charmurl\":\"local:trusty/wordpress\",\"uuid\":\""
            + UUID
            + "\",\"created\":\"2015-06-10T14:00:00.123456789+02:00\",\"unit-tag\":\"unit-wordpress-0\","
            + "\"extra\":{\"nested\":[1,2]}}\n";

    assertThat(SpoolJson.decodeMeta(UUID, json.getBytes(UTF_8)))
        .isEqualTo(
            new MetricMetadata(
                "local:trusty/wordpress",
                UUID,
                Instant.parse("2015-06-10T12:00:00.123456789Z"),
                "unit-wordpress-0"));
  }

  @Test
  void refusesBadMetadataWithReasons() {
    assertMetaError("", "batch " + UUID + " metadata file is empty");
    assertMetaError("[]", "batch " + UUID + " metadata is not a JSON object");
    assertMetaError("{\"charmurl\":\"x\"", "batch " + UUID + " metadata is not valid JSON: ");
    assertMetaError(
        "{\"charmurl\":\"x\",\"uuid\":\"" + UUID + "\",\"unit-tag\":\"u\"}",
        "batch " + UUID + " metadata: \"created\" is missing");
    assertMetaError(
        "{\"charmurl\":\"x\",\"uuid\":\"other\",\"created\":\"2015-06-10T12:00:00Z\",\"unit-tag\":\"u\"}",
        "batch " + UUID + " metadata names batch \"other\"");
    assertMetaError(
        "{\"charmurl\":\"x\",\"uuid\":\""
            + UUID
            + "\",\"created\":\"yesterday\",\"unit-tag\":\"u\"}",
        "batch " + UUID + " metadata: \"created\" \"yesterday\" is not an RFC 3339 time");
    assertMetaError(
        "{\"charmurl\":7,\"uuid\":\"" + UUID + "\"}",
        "batch " + UUID + " metadata: \"charmurl\" is not a string");
  }

  @Test
  void decodesGoEncodedMetricLines() throws Exception {
    String data =
        "{\"key\":\"pings\",\"value\":\"5\",\"time\":\"2015-06-10T12:00:00.5-07:00\"}\n"
            + "{\"key\":\"pongs\",\"value\":\"10\",\"time\":\"2015-06-10T12:00:01Z\","
            + "\"labels\":{\"foo\":\"a\\u003cb\\u0026c\\u003e\"}}\n"
            + "{\"key\":\"pangs\",\"value\":\"1\",\"time\":\"0001-01-01T00:00:00Z\",\"labels\":null,\"unit\":\"s\"}\n";

    List<Metric> metrics = SpoolJson.decodeMetrics(UUID, data.getBytes(UTF_8));

    assertThat(metrics)
        .containsExactly(
            new Metric("pings", "5", Instant.parse("2015-06-10T19:00:00.5Z")),
            new Metric(
                "pongs", "10", Instant.parse("2015-06-10T12:00:01Z"), Map.of("foo", "a<b&c>")),
            new Metric("pangs", "1", Instant.parse("0001-01-01T00:00:00Z")));
  }

  @Test
  void decodesAnEmptyDataFileAsNoMetrics() throws Exception {
    assertThat(SpoolJson.decodeMetrics(UUID, new byte[0])).isEmpty();
    assertThat(SpoolJson.decodeMetrics(UUID, "\n \n".getBytes(UTF_8))).isEmpty();
  }

  @Test
  void refusesBadMetricLinesNamingTheLine() {
    String good = "{\"key\":\"a\",\"value\":\"1\",\"time\":\"2015-06-10T12:00:00Z\"}\n";
    assertDataError(
        good + "{\"key\":\"a\",\"value\":\"1\"}\n",
        "batch " + UUID + " data line 2: \"time\" is missing");
    assertDataError(
        good + good + "[1]\n", "batch " + UUID + " data line 3: expected a JSON object, found [");
    assertDataError(good + "{\"key\":\"a\",\"val", "batch " + UUID + " data is not valid JSON: ");
    assertDataError(
        "{\"key\":\"a\",\"value\":1,\"time\":\"2015-06-10T12:00:00Z\"}",
        "batch " + UUID + " data line 1: \"value\" is not a string");
    assertDataError(
        "{\"key\":\"\",\"value\":\"1\",\"time\":\"2015-06-10T12:00:00Z\"}",
        "batch " + UUID + " data line 1: metric key must not be empty");
    assertDataError(
        "{\"key\":\"a\",\"value\":\"1\",\"time\":\"2015-06-10T12:00:00Z\",\"labels\":[\"x\"]}",
        "batch " + UUID + " data line 1: \"labels\" is not an object");
  }

  @Test
  void decodesWhatTheRecorderWritesWhateverTheTextHolds() throws Exception {
    SplittableRandom random = new SplittableRandom(17);
    for (int file = 0; file < 200; file++) {
      List<Metric> metrics = new ArrayList<>();
      LineBuffer lines = new LineBuffer(64);
      boolean ascii = file % 2 == 0; // half the files plain, half with escapes or other text
      for (int i = 0; i < 1 + random.nextInt(20); i++) {
        Metric metric = randomMetric(random, ascii);
        metrics.add(metric);
        MetricLineEncoder.appendMetric(
            lines, metric.key(), metric.value(), metric.time(), metric.labels());
      }
      byte[] data = Arrays.copyOf(lines.array(), lines.length());

      assertThat(SpoolJson.decodeMetrics(UUID, data)).isEqualTo(metrics);
      assertThat(jackson(data)).isEqualTo(metrics);
    }
  }

  @Test
  void decodesAFileWithOneGoEscapedLineAsJacksonDoes() throws Exception {
    String plain = "{\"key\":\"a\",\"value\":\"1\",\"time\":\"2015-06-10T12:00:00Z\"}\n";
    String escaped =
        "{\"key\":\"b\",\"value\":\"2\",\"time\":\"2015-06-10T12:00:00Z\","
            + "\"labels\":{\"foo\":\"a\\u003cb\"}}\n";
    byte[] data = (plain + escaped + plain).getBytes(UTF_8);

    assertThat(SpoolJson.decodeMetrics(UUID, data))
        .isEqualTo(jackson(data))
        .element(1)
        .isEqualTo(
            new Metric("b", "2", Instant.parse("2015-06-10T12:00:00Z"), Map.of("foo", "a<b")));
  }

  @Test
  void sortsLabelsListedOutOfOrderAndKeepsTheLastOfADuplicateName() throws Exception {
    String data =
        "{\"key\":\"a\",\"value\":\"1\",\"time\":\"2015-06-10T12:00:00Z\","
            + "\"labels\":{\"zone\":\"z\",\"host\":\"h1\",\"az\":\"1\",\"host\":\"h2\"}}\n";

    Metric metric = SpoolJson.decodeMetrics(UUID, data.getBytes(UTF_8)).get(0);

    assertThat(metric.labels())
        .containsExactly(Map.entry("az", "1"), Map.entry("host", "h2"), Map.entry("zone", "z"));
    assertThat(metric).isEqualTo(jackson(data.getBytes(UTF_8)).get(0));
  }

  @Test
  void namesTheLineOfAnErrorInAFileOtherwiseInTheRecordersForm() {
    String good = "{\"key\":\"a\",\"value\":\"1\",\"time\":\"2015-06-10T12:00:00Z\"}\n";
    assertDataError(
        good + good + "{\"key\":\"a\",\"value\":\"1\",\"time\":\"2015-02-29T12:00:00Z\"}\n",
        "batch "
            + UUID
            + " data line 3: \"time\" \"2015-02-29T12:00:00Z\" is not an RFC 3339 time");
    assertDataError(
        good + "{\"key\":\"\",\"value\":\"1\",\"time\":\"2015-06-10T12:00:00Z\"}\n",
        "batch " + UUID + " data line 2: metric key must not be empty");
    assertDataError(
        good + "{\"key\":\"a\",\"value\":\"1\",\"time\":\"2015-06-10T12:00:00Z\"",
        "batch " + UUID + " data is not valid JSON: ");
  }

  @Test
  void givesTheSameKeyAndLabelObjectsForTheSameTextFromFileToFile() throws Exception {
    DecodeCache cache = new DecodeCache();
    byte[] data =
        ("{\"key\":\"a\",\"value\":\"1\",\"time\":\"2015-06-10T12:00:00Z\","
                + "\"labels\":{\"host\":\"h1\"}}\n")
            .getBytes(UTF_8);

    Metric first = SpoolJson.decodeMetrics(UUID, data, data.length, cache).get(0);
    Metric second = SpoolJson.decodeMetrics(UUID, data, data.length, cache).get(0);

    assertThat(second.key()).isSameAs(first.key());
    assertThat(second.labels()).isSameAs(first.labels());
    assertThat(second).isEqualTo(first);
  }

  @Test
  void decodesOnlyTheGivenLengthOfTheArray() throws Exception {
    byte[] line =
        "{\"key\":\"a\",\"value\":\"1\",\"time\":\"2015-06-10T12:00:00Z\"}\n".getBytes(UTF_8);
    byte[] data = Arrays.copyOf(line, line.length + 20);
    Arrays.fill(data, line.length, data.length, (byte) '[');

    assertThat(SpoolJson.decodeMetrics(UUID, data, line.length, new DecodeCache()))
        .containsExactly(new Metric("a", "1", Instant.parse("2015-06-10T12:00:00Z")));
  }

  /** The metrics of a data file as Jackson's mapper reads them, one line at a time. */
  private static List<Metric> jackson(byte[] data) throws Exception {
    List<Metric> metrics = new ArrayList<>();
    for (String line : new String(data, UTF_8).split("\n")) {
      metrics.add(SpoolJson.MAPPER.readValue(line, Metric.class));
    }
    return metrics;
  }

  private static Metric randomMetric(SplittableRandom random, boolean ascii) {
    Map<String, String> labels = new TreeMap<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      labels.put(
          randomText(random, 1 + random.nextInt(6), ascii),
          randomText(random, random.nextInt(12), ascii));
    }
    return new Metric(
        randomText(random, 1 + random.nextInt(20), ascii),
        random.nextInt(100) + "." + random.nextInt(1000),
        Instant.ofEpochSecond(
            random.nextLong(-62_167_219_200L, 253_402_300_800L),
            random.nextBoolean() ? 0 : random.nextInt(1_000_000_000)),
        labels);
  }

  /** Printable ASCII, or any text that needs escapes or UTF-8. */
  private static String randomText(SplittableRandom random, int length, boolean ascii) {
    StringBuilder text = new StringBuilder();
    while (text.length() < length) {
      if (ascii || random.nextInt(3) > 0) {
        text.append((char) random.nextInt(0x20, 0x80));
      } else {
        String special = "\"\\\n\u0001é€\u2028";
        text.append(special.charAt(random.nextInt(special.length())));
      }
    }
    return text.toString();
  }

  private static void assertMetaError(String json, String messageStart) {
    assertThatThrownBy(() -> SpoolJson.decodeMeta(UUID, json.getBytes(UTF_8)))
        .isInstanceOf(MetricsDataException.class)
        .hasMessageStartingWith(messageStart);
  }

  private static void assertDataError(String json, String messageStart) {
    assertThatThrownBy(() -> SpoolJson.decodeMetrics(UUID, json.getBytes(UTF_8)))
        .isInstanceOf(MetricsDataException.class)
        .hasMessageStartingWith(messageStart);
  }

  @Test
  void writesAndReadsMetadataAsTheJsonMapperDoes() throws Exception {
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    int plain = 0;
    for (int i = 0; i < 5_000; i++) {
      Instant created =
          Instant.ofEpochSecond(
              random.nextInt(20) == 0
                  ? random.nextLong(-400_000_000_000L, 400_000_000_000L)
                  : random.nextLong(0, 4_000_000_000L),
              random.nextBoolean() ? 0 : random.nextInt(1_000_000_000));
      MetricMetadata metadata =
          new MetricMetadata(
              randomText(random), UUID, created, randomText(random).replace("\ud800", ""));
      byte[] jackson = SpoolJson.MAPPER.writeValueAsBytes(metadata);
      byte[] expected = java.util.Arrays.copyOf(jackson, jackson.length + 1);
      expected[jackson.length] = '\n';

      byte[] encoded = SpoolJson.encodeMeta(metadata);

      assertThat(new String(encoded, UTF_8)).isEqualTo(new String(expected, UTF_8));
      assertThat(SpoolJson.decodeMeta(UUID, encoded)).isEqualTo(metadata);
      MetricMetadata read = PlainMetadata.decode(UUID, encoded);
      if (read != null) {
        assertThat(read).isEqualTo(SpoolJson.MAPPER.readValue(encoded, MetricMetadata.class));
        plain++;
      }
    }
    assertThat(plain).as("files read without the parser").isGreaterThan(500);
    assertThat(PlainMetadata.decode("other", SpoolJson.encodeMeta(metadataOf("a")))).isNull();
    for (String odd :
        List.of(
            "{\"charmurl\":\"a\",\"uuid\":\"%s\",\"created\":\"2025-01-01T00:00:00Z\",\"unit-tag\":\"t\"} \n",
            "{\"uuid\":\"%s\",\"charmurl\":\"a\",\"created\":\"2025-01-01T00:00:00Z\",\"unit-tag\":\"t\"}\n",
            "{\"charmurl\":\"a\",\"uuid\":\"%s\",\"created\":\"2025-01-01T00:00Z\",\"unit-tag\":\"t\"}\n",
            "{\"charmurl\":\"a\\u0041\",\"uuid\":\"%s\",\"created\":\"2025-01-01T00:00:00Z\",\"unit-tag\":\"t\"}\n")) {
      byte[] bytes = String.format(odd, UUID).getBytes(UTF_8);
      assertThat(PlainMetadata.decode(UUID, bytes)).as(odd).isNull();
    }
  }

  private static MetricMetadata metadataOf(String charmUrl) {
    return new MetricMetadata(charmUrl, UUID, Instant.parse("2025-01-01T00:00:00Z"), "t");
  }

  private static String randomText(java.util.SplittableRandom random) {
    StringBuilder text = new StringBuilder();
    String special = "\"\\\n\t\u0001\u007f/<>&é\u2028\ud83d\ude00\ud800";
    for (int n = random.nextInt(12); n > 0; n--) {
      if (random.nextInt(4) > 0) {
        text.append((char) random.nextInt(0x20, 0x7F));
      } else {
        text.append(special.charAt(random.nextInt(special.length())));
      }
    }
    return text.toString();
  }
}
