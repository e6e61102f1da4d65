package io.windlass.spool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.windlass.spool.internal.BatchNames;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a batch's {@code <uuid>.meta} file holds, as Juju's {@code MetricMetadata}: one JSON object
 * {@code {"charmurl":..,"uuid":..,"created":..,"unit-tag":..}}, and, when the batch describes its
 * metric families, {@code "families":[{"name":..,"type":..,"help":..,"unit":..},..]} last (a reader
 * that does not know the field, Juju's among them, ignores it).
 *
 * @param charmUrl the source that declared the metrics ({@code input:cpu}, {@code local:myapp})
 * @param uuid the batch's id, which is also its file name: 1 to 64 letters, digits and {@code -}
 * @param created when the batch was started
 * @param unitTag the reporting agent
 * @param families what the batch says about its metric families, at most {@value #MAX_FAMILIES};
 *     empty for nothing (as in a spool written before families were kept)
 */
@JsonPropertyOrder({"charmurl", "uuid", "created", "unit-tag", "families"})
public record MetricMetadata(
    @JsonProperty("charmurl") String charmUrl,
    @JsonProperty("uuid") String uuid,
    @JsonProperty("created") Instant created,
    @JsonProperty("unit-tag") String unitTag,
    @JsonProperty("families") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<MetricFamily> families) {

  /** The most families a batch describes; see {@link MetricRecorder#describe}. */
  public static final int MAX_FAMILIES = 500;

  /** Metadata without families. */
  public MetricMetadata(String charmUrl, String uuid, Instant created, String unitTag) {
    this(charmUrl, uuid, created, unitTag, List.of());
  }

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
    families = checkedFamilies(uuid, families);
  }

  /** This metadata with {@code newFamilies} in place of its families. */
  public MetricMetadata withFamilies(List<MetricFamily> newFamilies) {
    return new MetricMetadata(charmUrl, uuid, created, unitTag, newFamilies);
  }

  /** {@code families} as an immutable list, checked: no nulls, at most {@link #MAX_FAMILIES}. */
  static List<MetricFamily> checkedFamilies(String uuid, @Nullable List<MetricFamily> families) {
    if (families == null || families.isEmpty()) {
      return List.of();
    }
    if (families.size() > MAX_FAMILIES) {
      throw new IllegalArgumentException(
          "batch "
              + uuid
              + " describes "
              + families.size()
              + " families; the limit is "
              + MAX_FAMILIES);
    }
    for (MetricFamily family : families) {
      if (family == null) {
        throw new IllegalArgumentException("batch " + uuid + " families must not hold null");
      }
    }
    return List.copyOf(families);
  }
}
