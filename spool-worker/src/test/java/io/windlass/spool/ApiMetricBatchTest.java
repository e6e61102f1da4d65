package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.internal.SpoolJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiMetricBatchTest {
  private static final Instant CREATED = Instant.parse("2015-06-10T12:00:00Z");

  @Test
  void carriesTheBatchAsAControllerReceivesIt() throws Exception {
    MetricBatch batch =
        new MetricBatch(
            "local:trusty/test-charm",
            "test-uuid",
            CREATED,
            List.of(
                new Metric("test-key-1", "1", CREATED),
                new Metric("test-key-2", "2", CREATED.plusSeconds(1), Map.of("zone", "a"))),
            "unit-test-unit-0");

    ApiMetricBatch api = ApiMetricBatch.from(batch);

    assertThat(api.tag()).isEqualTo("unit-test-unit-0");
    assertThat(api.batch().uuid()).isEqualTo("test-uuid");
    assertThat(api.batch().charmUrl()).isEqualTo("local:trusty/test-charm");
    assertThat(api.batch().created()).isEqualTo(CREATED);
    assertThat(api.batch().metrics()).isEqualTo(batch.metrics());
    assertThat(SpoolJson.MAPPER.writeValueAsString(api))
        .isEqualTo(
            "{\"tag\":\"unit-test-unit-0\",\"batch\":{\"uuid\":\"test-uuid\","
                + "\"charm-url\":\"local:trusty/test-charm\",\"created\":\"2015-06-10T12:00:00Z\","
                + "\"metrics\":[{\"key\":\"test-key-1\",\"value\":\"1\",\"time\":\"2015-06-10T12:00:00Z\"},"
                + "{\"key\":\"test-key-2\",\"value\":\"2\",\"time\":\"2015-06-10T12:00:01Z\","
                + "\"labels\":{\"zone\":\"a\"}}]}}");
  }

  @Test
  void carriesAnEmptyBatch() {
    MetricBatch batch = new MetricBatch("local:x", "test-uuid", CREATED, List.of(), "unit-x-0");

    assertThat(ApiMetricBatch.from(batch).batch().metrics()).isEmpty();
  }
}
