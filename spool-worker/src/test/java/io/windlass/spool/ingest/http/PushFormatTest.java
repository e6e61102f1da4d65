package io.windlass.spool.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.ingest.format.WireFormat;
import org.junit.jupiter.api.Test;

class PushFormatTest {

  @Test
  void thePrometheusPathReadsOpenMetricsByItsContentType() {
    assertThat(PushFormat.PROMETHEUS.wireFormat("application/openmetrics-text"))
        .isEqualTo(WireFormat.OPENMETRICS_TEXT);
    assertThat(
            PushFormat.PROMETHEUS.wireFormat(
                " Application/OpenMetrics-Text ; version=1.0.0; charset=utf-8"))
        .isEqualTo(WireFormat.OPENMETRICS_TEXT);
  }

  @Test
  void anyOtherContentTypeIsItsOwnFormat() {
    assertThat(PushFormat.PROMETHEUS.wireFormat(null)).isEqualTo(WireFormat.PROMETHEUS_TEXT);
    assertThat(PushFormat.PROMETHEUS.wireFormat("text/plain; version=0.0.4"))
        .isEqualTo(WireFormat.PROMETHEUS_TEXT);
    assertThat(PushFormat.INFLUX.wireFormat("application/openmetrics-text"))
        .isEqualTo(WireFormat.INFLUX_LINE);
  }
}
