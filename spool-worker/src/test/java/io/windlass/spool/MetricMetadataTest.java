package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windlass.spool.internal.SpoolJson;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MetricMetadataTest {
  private static final Instant CREATED = Instant.parse("2015-06-10T12:00:00.5Z");

  @Test
  void serialisesWithJujuKeys() throws Exception {
    MetricMetadata metadata = new MetricMetadata("local:myapp", "test-uuid", CREATED, "agent-1");

    String json = SpoolJson.MAPPER.writeValueAsString(metadata);

    assertThat(json)
        .isEqualTo(
            "{\"charmurl\":\"local:myapp\",\"uuid\":\"test-uuid\","
                + "\"created\":\"2015-06-10T12:00:00.500Z\",\"unit-tag\":\"agent-1\"}");
    assertThat(SpoolJson.MAPPER.readValue(json, MetricMetadata.class)).isEqualTo(metadata);
  }

  @Test
  void refusesMissingParts() {
    assertThatThrownBy(() -> new MetricMetadata("c", "", CREATED, "u"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("uuid must not be empty");
    assertThatThrownBy(() -> new MetricMetadata(null, "id", CREATED, "u"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch id charmurl must not be null");
    assertThatThrownBy(() -> new MetricMetadata("c", "id", null, "u"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch id created must not be null");
    assertThatThrownBy(() -> new MetricMetadata("c", "id", CREATED, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch id unit-tag must not be null");
  }
}
