package io.windlass.spool;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.windlass.spool.internal.BatchNames;
import java.time.Instant;

/**
 * What a batch's {@code <uuid>.meta} file holds, as Juju's {@code MetricMetadata}: one JSON object
 * {@code {"charmurl":..,"uuid":..,"created":..,"unit-tag":..}}.
 *
 * @param charmUrl the source that declared the metrics ({@code input:cpu}, {@code local:myapp})
 * @param uuid the batch's id, which is also its file name: 1 to 64 letters, digits and {@code -}
 * @param created when the batch was started
 * @param unitTag the reporting agent
 */
@JsonPropertyOrder({"charmurl", "uuid", "created", "unit-tag"})
public record MetricMetadata(
    @JsonProperty("charmurl") String charmUrl,
    @JsonProperty("uuid") String uuid,
    @JsonProperty("created") Instant created,
    @JsonProperty("unit-tag") String unitTag) {

  /** Checks that nothing is missing and that the uuid can name a file. */
  public MetricMetadata {
    BatchNames.checkUuid(uuid);
    if (charmUrl == null) {
      throw new IllegalArgumentException("batch " + uuid + " charmurl must not be null");
    }
    if (created == null) {
      throw new IllegalArgumentException("batch " + uuid + " created must not be null");
    }
    if (unitTag == null) {
      throw new IllegalArgumentException("batch " + uuid + " unit-tag must not be null");
    }
  }
}
