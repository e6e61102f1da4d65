package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.spool.internal.SpoolJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricBatchTest {
  private static final Instant CREATED = Instant.parse("2015-06-10T12:00:00Z");
  private static final Metric PINGS = new Metric("pings", "5", CREATED);

  @Test
  void serialisesWithJujuKeys() throws Exception {
    MetricBatch batch =
        new MetricBatch("local:myapp", "test-uuid", CREATED, List.of(PINGS), "agent-1");

    assertThat(SpoolJson.MAPPER.writeValueAsString(batch))
        .isEqualTo(
            "{\"charmurl\":\"local:myapp\",\"uuid\":\"test-uuid\",\"created\":\"2015-06-10T12:00:00Z\","
                + "\"metrics\":[{\"key\":\"pings\",\"value\":\"5\",\"time\":\"2015-06-10T12:00:00Z\"}],"
                + "\"unit-tag\":\"agent-1\"}");
    assertThat(
            SpoolJson.MAPPER.readValue(
                SpoolJson.MAPPER.writeValueAsString(batch), MetricBatch.class))
        .isEqualTo(batch);
  }

  @Test
  void copiesItsMetrics() {
    List<Metric> metrics = new ArrayList<>(List.of(PINGS));
    MetricBatch batch = new MetricBatch("local:myapp", "test-uuid", CREATED, metrics, "agent-1");
    metrics.clear();

    assertThat(batch.metrics()).containsExactly(PINGS);
    assertThatThrownBy(() -> batch.metrics().add(PINGS))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void hasItsMetadata() {
    MetricBatch batch =
        new MetricBatch("local:myapp", "test-uuid", CREATED, List.of(PINGS), "agent-1");

    assertThat(batch.metadata())
        .isEqualTo(new MetricMetadata("local:myapp", "test-uuid", CREATED, "agent-1"));
  }

  @Test
  void refusesMissingParts() {
    assertThatThrownBy(() -> new MetricBatch("c", "../x", CREATED, List.of(), "u"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("uuid \"../x\" may hold only letters, digits and '-'");
    assertThatThrownBy(() -> new MetricBatch(null, "id", CREATED, List.of(), "u"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch id charmurl must not be null");
    assertThatThrownBy(() -> new MetricBatch("c", "id", null, List.of(), "u"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch id created must not be null");
    assertThatThrownBy(() -> new MetricBatch("c", "id", CREATED, null, "u"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch id metrics must not be null");
    assertThatThrownBy(() -> new MetricBatch("c", "id", CREATED, Arrays.asList(PINGS, null), "u"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch id metric 1 is null");
    assertThatThrownBy(() -> new MetricBatch("c", "id", CREATED, List.of(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch id unit-tag must not be null");
  }
}
