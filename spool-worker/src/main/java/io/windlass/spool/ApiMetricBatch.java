package io.windlass.spool;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.google.common.collect.ImmutableList;
import java.time.Instant;
import java.util.List;

/**
 * A batch in the shape a Juju controller receives it (Juju's {@code params.MetricBatchParam}):
 *
 * <pre>{"tag":"unit-…","batch":{"uuid":..,"charm-url":..,"created":..,"metrics":[..]}}</pre>
 *
 * @param tag the reporting agent (the batch's unit tag)
 * @param batch the batch
 */
@JsonPropertyOrder({"tag", "batch"})
public record ApiMetricBatch(@JsonProperty("tag") String tag, @JsonProperty("batch") Batch batch) {

  /** Checks that nothing is missing. */
  public ApiMetricBatch {
    if (tag == null) {
      throw new IllegalArgumentException("tag must not be null");
    }
    if (batch == null) {
      throw new IllegalArgumentException("batch must not be null");
    }
  }

  /** Converts a stored batch (Juju's {@code APIMetricBatch}). */
  public static ApiMetricBatch from(MetricBatch batch) {
    return new ApiMetricBatch(
        batch.unitTag(),
        new Batch(batch.uuid(), batch.charmUrl(), batch.created(), batch.metrics()));
  }

  /**
   * The batch part, Juju's {@code params.MetricBatch}.
   *
   * @param uuid the batch's id
   * @param charmUrl the source that declared the metrics
   * @param created when the batch was started
   * @param metrics the metrics
   */
  @JsonPropertyOrder({"uuid", "charm-url", "created", "metrics"})
  public record Batch(
      @JsonProperty("uuid") String uuid,
      @JsonProperty("charm-url") String charmUrl,
      @JsonProperty("created") Instant created,
      @JsonProperty("metrics") List<Metric> metrics) {

    /** Checks that nothing is missing and copies the metrics. */
    public Batch {
      if (uuid == null || charmUrl == null || created == null || metrics == null) {
        throw new IllegalArgumentException(
            "batch uuid, charm-url, created and metrics must not be null");
      }
      metrics = ImmutableList.copyOf(metrics);
    }
  }
}
