package io.windlass.engine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One manifold in an {@link EngineReport}. Serialised by Jackson with exactly the keys {@code
 * state}, {@code inputs}, {@code start-count}, {@code started}, {@code error} and {@code report};
 * absent values are left out.
 *
 * @param state {@code starting}, {@code started}, {@code stopping} or {@code stopped}
 * @param inputs every input, explicit and inferred, sorted
 * @param startCount how many times its worker has reached RUNNING; 0 is left out of the JSON
 * @param started when its current or last worker reached RUNNING, on the engine clock; null if
 *     never
 * @param error the message of the error its last worker or start ended with, if any
 * @param report the worker's own {@link Reporter} map, if it has one and is running
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"state", "inputs", "start-count", "started", "error", "report"})
public record ManifoldReport(
    String state,
    List<String> inputs,
    @JsonProperty("start-count") @JsonInclude(JsonInclude.Include.NON_DEFAULT) int startCount,
    @JsonIgnore @Nullable Instant started,
    @Nullable String error,
    Map<String, Object> report) {

  /** Validates and copies. */
  public ManifoldReport {
    inputs = ImmutableList.copyOf(inputs);
    report = ImmutableMap.copyOf(report);
  }

  /** {@link #started()} in ISO-8601 UTC, as it appears in the JSON. */
  @JsonProperty("started")
  public @Nullable String startedUtc() {
    return started == null ? null : started.toString();
  }

  /** This report with the worker's own map. */
  ManifoldReport withReport(Map<String, Object> workerReport) {
    return new ManifoldReport(state, inputs, startCount, started, error, workerReport);
  }
}
