package io.windlass.spool.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.spool.Metric;
import io.windlass.spool.MetricMetadata;
import io.windlass.spool.MetricsDataException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
}
