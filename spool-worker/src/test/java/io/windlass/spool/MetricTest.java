package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.spool.internal.SpoolJson;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricTest {
  private static final Instant TIME = Instant.parse("2015-06-10T12:00:00.123Z");

  @Test
  void serialisesAsJujuMetric() throws Exception {
    assertThat(SpoolJson.MAPPER.writeValueAsString(new Metric("pings", "5", TIME)))
        .isEqualTo("{\"key\":\"pings\",\"value\":\"5\",\"time\":\"2015-06-10T12:00:00.123Z\"}");
    assertThat(
            SpoolJson.MAPPER.writeValueAsString(
                new Metric("pongs", "10", TIME, Map.of("foo", "bar"))))
        .isEqualTo(
            "{\"key\":\"pongs\",\"value\":\"10\",\"time\":\"2015-06-10T12:00:00.123Z\","
                + "\"labels\":{\"foo\":\"bar\"}}");
  }

  @Test
  void readsBackWhatItWrites() throws Exception {
    Metric metric = new Metric("pongs", "10", TIME, Map.of("b", "2", "a", "1"));

    String json = SpoolJson.MAPPER.writeValueAsString(metric);

    assertThat(SpoolJson.MAPPER.readValue(json, Metric.class)).isEqualTo(metric);
    assertThat(
            SpoolJson.MAPPER.readValue(
                "{\"key\":\"k\",\"value\":\"1\",\"time\":\"2015-06-10T12:00:00Z\"}", Metric.class))
        .isEqualTo(new Metric("k", "1", Instant.parse("2015-06-10T12:00:00Z")));
  }

  @Test
  void keepsLabelsSortedAndImmutable() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("zone", "a");
    labels.put("host", "b");
    Metric metric = new Metric("k", "1", TIME, labels);
    labels.put("late", "c");

    assertThat(metric.labels()).containsExactly(Map.entry("host", "b"), Map.entry("zone", "a"));
    assertThatThrownBy(() -> metric.labels().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(new Metric("k", "1", TIME, null).labels()).isEmpty();
    assertThat(metric).isEqualTo(new Metric("k", "1", TIME, Map.of("zone", "a", "host", "b")));
  }

  @Test
  void refusesMissingParts() {
    assertThatThrownBy(() -> new Metric(null, "1", TIME))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metric key must not be null");
    assertThatThrownBy(() -> new Metric("", "1", TIME))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metric key must not be empty");
    assertThatThrownBy(() -> new Metric("k", null, TIME))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metric \"k\" value must not be null");
    assertThatThrownBy(() -> new Metric("k", "1", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metric \"k\" time must not be null");
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("zone", null);
    assertThatThrownBy(() -> new Metric("k", "1", TIME, nullValue))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metric \"k\" label \"zone\" value must not be null");
    Map<String, String> nullName = new HashMap<>();
    nullName.put(null, "v");
    assertThatThrownBy(() -> new Metric("k", "1", TIME, nullName))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metric \"k\" has a label without a name");
  }
}
