package io.windlass.spool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.google.common.collect.ImmutableList;
import io.windlass.spool.internal.BatchNames;
import io.windlass.spool.internal.MetricColumns;
import java.time.Instant;
import java.util.List;

/**
 * A stored batch of metrics, as Juju's {@code MetricBatch}; JSON keys {@code charmurl}, {@code
 * uuid}, {@code created}, {@code metrics}, {@code unit-tag}.
 *
 * @param charmUrl the source that declared the metrics ({@code input:cpu}, {@code local:myapp})
 * @param uuid the batch's id and file name: 1 to 64 letters, digits and {@code -}
 * @param created when the batch was started
 * @param metrics the metrics in the order they were added
 * @param unitTag the reporting agent
 * @param families what the batch says about its metric families (see {@link
 *     MetricMetadata#families()}); empty for nothing, and then left out of the JSON
 */
@JsonPropertyOrder({"charmurl", "uuid", "created", "metrics", "unit-tag", "families"})
public record MetricBatch(
    @JsonProperty("charmurl") String charmUrl,
    @JsonProperty("uuid") String uuid,
    @JsonProperty("created") Instant created,
    @JsonProperty("metrics") List<Metric> metrics,
    @JsonProperty("unit-tag") String unitTag,
    @JsonProperty("families") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<MetricFamily> families) {

  /** A batch that describes no families. */
  public MetricBatch(
      String charmUrl, String uuid, Instant created, List<Metric> metrics, String unitTag) {
    this(charmUrl, uuid, created, metrics, unitTag, List.of());
  }

  /** A batch of {@code metrics} with {@code metadata}, families included. */
  public MetricBatch(MetricMetadata metadata, List<Metric> metrics) {
    this(
        metadata.charmUrl(),
        metadata.uuid(),
        metadata.created(),
        metrics,
        metadata.unitTag(),
        metadata.families());
  }

  /** Checks that nothing is missing and copies the metrics into an immutable list. */
  public MetricBatch {
    BatchNames.checkUuid(uuid);
    if (charmUrl == null) {
      throw new IllegalArgumentException("batch " + uuid + " charmurl must not be null");
    }
    if (created == null) {
      throw new IllegalArgumentException("batch " + uuid + " created must not be null");
    }
    if (metrics == null) {
      throw new IllegalArgumentException("batch " + uuid + " metrics must not be null");
    }
    if (!(metrics instanceof MetricColumns)) { // as read from the spool: immutable, no nulls
      for (int i = 0; i < metrics.size(); i++) {
        if (metrics.get(i) == null) {
          throw new IllegalArgumentException("batch " + uuid + " metric " + i + " is null");
        }
      }
      metrics = ImmutableList.copyOf(metrics);
    }
    if (unitTag == null) {
      throw new IllegalArgumentException("batch " + uuid + " unit-tag must not be null");
    }
    families = MetricMetadata.checkedFamilies(uuid, families);
  }

  /** The batch's metadata: everything but the metrics. */
  public MetricMetadata metadata() {
    return new MetricMetadata(charmUrl, uuid, created, unitTag, families);
  }
}
