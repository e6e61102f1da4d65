package io.windlass.spool.ingest.http;

import io.windlass.spool.ingest.format.WireFormat;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The APIs the status server takes pushed metrics through, each with its own paths, source and
 * counters.
 */
public enum PushFormat {
  /** Prometheus text exposition, VictoriaMetrics' import path. */
  PROMETHEUS(
      "/api/v1/import/prometheus", "push:prometheus", "prometheus", WireFormat.PROMETHEUS_TEXT),
  /**
   * Influx line protocol: InfluxDB 1.x's write path, and InfluxDB 2's ({@code /api/v2/write}) too,
   * one source for both.
   */
  INFLUX("/write", "push:influx", "influx", WireFormat.INFLUX_LINE),
  /**
   * Prometheus text pushed as to a Prometheus Pushgateway, under {@code /metrics/job/<job>...}, the
   * path naming a {@link GroupingKey}.
   */
  PUSHGATEWAY("/metrics/job", "push:pushgateway", "pushgateway", WireFormat.PROMETHEUS_TEXT),
  /**
   * OTLP/HTTP metrics ({@code ExportMetricsServiceRequest} as protobuf or JSON): not lines, so it
   * has no {@link WireFormat}; it is read whole and stored as a {@link DecodedPush}.
   */
  OTLP("/v1/metrics", "push:otlp", "otlp", null),
  /**
   * Prometheus remote write 1.0 ({@code prometheus.WriteRequest}), snappy-compressed protobuf read
   * whole ({@link io.windlass.spool.ingest.remotewrite}); Prometheus' receiver path.
   */
  REMOTE_WRITE_1("/api/v1/write", "push:remote-write", "remote-write-1", null),
  /**
   * Prometheus remote write 2.0 ({@code io.prometheus.write.v2.Request}), on the same path as 1.0
   * and told apart by its {@code Content-Type}.
   */
  REMOTE_WRITE_2("/api/v1/write", "push:remote-write", "remote-write-2", null);

  private final String path;
  private final String charmUrl;
  private final String label;
  private final @Nullable WireFormat wireFormat;

  PushFormat(String path, String charmUrl, String label, @Nullable WireFormat wireFormat) {
    this.path = path;
    this.charmUrl = charmUrl;
    this.label = label;
    this.wireFormat = wireFormat;
  }

  /** The path clients post to; for the Pushgateway, what its paths begin with. */
  public String path() {
    return path;
  }

  /**
   * The source of the spool batches it records: {@code push:prometheus}, {@code push:influx},
   * {@code push:pushgateway}.
   */
  public String charmUrl() {
    return charmUrl;
  }

  /** Its name in metrics and reports. */
  public String label() {
    return label;
  }

  /** The media type of OpenMetrics text, which the Prometheus path reads as such. */
  public static final String OPENMETRICS_MEDIA_TYPE = "application/openmetrics-text";

  /**
   * The wire format of its bodies.
   *
   * @throws IllegalStateException it is a binary format, not read line by line ({@link #isLines()}
   *     is false)
   */
  public WireFormat wireFormat() {
    if (wireFormat == null) {
      throw new IllegalStateException(label + " bodies are not lines of a text format");
    }
    return wireFormat;
  }

  /** Whether its bodies are lines of a text {@link WireFormat}, read as they arrive. */
  public boolean isLines() {
    return wireFormat != null;
  }

  /**
   * The wire format of a body sent with {@code contentType} (null if none): OpenMetrics text on the
   * Prometheus and Pushgateway paths if its media type is {@value #OPENMETRICS_MEDIA_TYPE}, else
   * {@link #wireFormat()}.
   */
  public WireFormat wireFormat(@Nullable String contentType) {
    if (wireFormat != WireFormat.PROMETHEUS_TEXT || contentType == null) {
      return wireFormat();
    }
    int semicolon = contentType.indexOf(';');
    String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return mediaType.strip().toLowerCase(Locale.ROOT).equals(OPENMETRICS_MEDIA_TYPE)
        ? WireFormat.OPENMETRICS_TEXT
        : wireFormat();
  }
}
