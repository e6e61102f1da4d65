package io.windlass.spool.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.spool.Metric;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MetricLineEncoderTest {
  private static final long MIN_SECOND = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
  private static final long MAX_SECOND = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

  @Test
  void writesJujuMetricLine() {
    String line =
        encode(
            "pongs",
            "10",
            Instant.parse("2015-06-10T12:00:01.5Z"),
            Map.of("zone", "b", "foo", "bar"));

    assertThat(line)
        .isEqualTo(
            "{\"key\":\"pongs\",\"value\":\"10\",\"time\":\"2015-06-10T12:00:01.500Z\","
                + "\"labels\":{\"foo\":\"bar\",\"zone\":\"b\"}}\n");
  }

  @Test
  void leavesOutEmptyLabels() {
    assertThat(encode("pings", "5", Instant.parse("2015-06-10T12:00:00Z"), Map.of()))
        .isEqualTo("{\"key\":\"pings\",\"value\":\"5\",\"time\":\"2015-06-10T12:00:00Z\"}\n");
  }

  @Test
  void matchesJacksonForRandomMetrics() throws Exception {
    SplittableRandom random = new SplittableRandom(42);
    LineBuffer buffer = new LineBuffer(16);
    for (int i = 0; i < 20_000; i++) {
      String key = randomString(random, 1 + random.nextInt(20));
      String value = randomString(random, random.nextInt(30));
      Instant time = randomInstant(random);
      Map<String, String> labels = randomLabels(random);

      buffer.clear();
      MetricLineEncoder.appendMetric(buffer, key, value, time, labels);

      String expected = SpoolJson.MAPPER.writeValueAsString(new Metric(key, value, time, labels));
      assertThat(new String(buffer.array(), 0, buffer.length(), UTF_8))
          .as("metric %s", i)
          .isEqualTo(expected + "\n");
    }
  }

  @Test
  void aSampleFromItsSeriesEncodedOnceIsTheSameLine() {
    SplittableRandom random = new SplittableRandom(7);
    LineBuffer whole = new LineBuffer(16);
    LineBuffer pieces = new LineBuffer(16);
    for (int i = 0; i < 20_000; i++) {
      String key = randomString(random, 1 + random.nextInt(20));
      String value = randomString(random, random.nextInt(30));
      Instant time = randomInstant(random);
      Map<String, String> labels = randomLabels(random);

      whole.clear();
      MetricLineEncoder.appendMetric(whole, key, value, time, labels);
      pieces.clear();
      MetricLineEncoder.appendSample(
          pieces,
          MetricLineEncoder.seriesPrefix(key),
          value,
          MetricLineEncoder.time(time),
          MetricLineEncoder.seriesSuffix(labels));

      assertThat(new String(pieces.array(), 0, pieces.length(), UTF_8))
          .as("metric %s", i)
          .isEqualTo(new String(whole.array(), 0, whole.length(), UTF_8));
    }
  }

  @Test
  void matchesJacksonForEveryCharacterClass() throws Exception {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x800; c++) {
      all.append(c);
    }
    all.append("\u2028\u2029\uFFFF\uFEFF€😀<>&'/\u007F");
    Map<String, String> labels = Map.of("v", all.toString());
    Instant time = Instant.parse("2024-02-29T23:59:59.999999999Z");

    assertThat(encode("k", "1", time, labels))
        .isEqualTo(SpoolJson.MAPPER.writeValueAsString(new Metric("k", "1", time, labels)) + "\n");
  }

  @Test
  void writesInstantsAsInstantToStringDoes() {
    SplittableRandom random = new SplittableRandom(7);
    LineBuffer buffer = new LineBuffer(64);
    for (int i = 0; i < 100_000; i++) {
      Instant time = randomInstant(random);
      buffer.clear();
      MetricLineEncoder.appendInstant(buffer, time);
      assertThat(new String(buffer.array(), 0, buffer.length(), UTF_8))
          .isEqualTo("\"" + time + "\"");
    }
    for (String edge :
        new String[] {
          "0000-01-01T00:00:00Z",
          "9999-12-31T23:59:59.999999999Z",
          "1970-01-01T00:00:00Z",
          "1969-12-31T23:59:59.000001Z",
          "2000-02-29T12:00:00.010Z",
          "1900-03-01T00:00:00Z"
        }) {
      buffer.clear();
      MetricLineEncoder.appendInstant(buffer, Instant.parse(edge));
      assertThat(new String(buffer.array(), 0, buffer.length(), UTF_8))
          .isEqualTo("\"" + edge + "\"");
    }
  }

  @Test
  void writesLabelsSortedWhateverTheMapOrder() {
    Map<String, String> linked = new LinkedHashMap<>();
    linked.put("b", "2");
    linked.put("a", "1");
    linked.put("c", "3");
    Map<String, String> sorted = new TreeMap<>(linked);
    Map<String, String> hashed = new HashMap<>(linked);
    Instant time = Instant.EPOCH;

    String expected =
        "{\"key\":\"k\",\"value\":\"1\",\"time\":\"1970-01-01T00:00:00Z\","
            + "\"labels\":{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}}\n";
    assertThat(encode("k", "1", time, linked)).isEqualTo(expected);
    assertThat(encode("k", "1", time, sorted)).isEqualTo(expected);
    assertThat(encode("k", "1", time, hashed)).isEqualTo(expected);
  }

  @Test
  void refusesWhatJsonCannotCarry() {
    LineBuffer buffer = new LineBuffer(8);
    assertThatThrownBy(() -> MetricLineEncoder.appendString(buffer, "a\uD800b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unpaired surrogate at index 1");
    assertThatThrownBy(
            () -> MetricLineEncoder.appendInstant(buffer, Instant.parse("+10000-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside years 0000-9999");
  }

  @Test
  void growsItsBufferAsNeeded() {
    LineBuffer buffer = new LineBuffer(1);
    for (int i = 0; i < 1000; i++) {
      MetricLineEncoder.appendMetric(buffer, "key" + i, "1", Instant.EPOCH, Map.of("l", "v" + i));
    }
    String text = new String(buffer.array(), 0, buffer.length(), UTF_8);
    assertThat(text.split("\n")).hasSize(1000);
    assertThat(text)
        .endsWith(
            "{\"key\":\"key999\",\"value\":\"1\",\"time\":\"1970-01-01T00:00:00Z\",\"labels\":{\"l\":\"v999\"}}\n");
  }

  private static String encode(String key, String value, Instant time, Map<String, String> labels) {
    LineBuffer buffer = new LineBuffer(8);
    MetricLineEncoder.appendMetric(buffer, key, value, time, labels);
    return new String(buffer.array(), 0, buffer.length(), UTF_8);
  }

  private static Instant randomInstant(SplittableRandom random) {
    long second = random.nextLong(MIN_SECOND, MAX_SECOND + 1);
    int nanos;
    switch (random.nextInt(4)) {
      case 0:
        nanos = 0;
        break;
      case 1:
        nanos = random.nextInt(1000) * 1_000_000;
        break;
      case 2:
        nanos = random.nextInt(1_000_000) * 1000;
        break;
      default:
        nanos = random.nextInt(1_000_000_000);
    }
    return Instant.ofEpochSecond(second, nanos);
  }

  private static Map<String, String> randomLabels(SplittableRandom random) {
    Map<String, String> labels = new HashMap<>();
    int count = random.nextInt(5);
    for (int i = 0; i < count; i++) {
      labels.put(
          randomString(random, 1 + random.nextInt(8)), randomString(random, random.nextInt(40)));
    }
    return labels;
  }

  /** Mostly ASCII, with control characters, escapes, 2- and 3-byte characters and pairs. */
  private static String randomString(SplittableRandom random, int length) {
    StringBuilder s = new StringBuilder(length);
    while (s.length() < length) {
      int kind = random.nextInt(10);
      if (kind < 5) {
        s.append((char) random.nextInt(0x20, 0x7F));
      } else if (kind == 5) {
        s.append((char) random.nextInt(0x20));
      } else if (kind == 6) {
        s.append("\"\\/\u007F".charAt(random.nextInt(4)));
      } else if (kind == 7) {
        s.append((char) random.nextInt(0x80, 0x800));
      } else if (kind == 8) {
        char c = (char) random.nextInt(0x800, 0xFFFE);
        s.append(Character.isSurrogate(c) ? 'x' : c);
      } else {
        s.appendCodePoint(random.nextInt(0x10000, 0x110000));
      }
    }
    return s.toString();
  }
}
