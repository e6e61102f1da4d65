package io.windlass.spool.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.ingest.otlp.OtlpNames.Shape;
import org.junit.jupiter.api.Test;

class OtlpNamesTest {

  @Test
  void invalidCharactersBecomeOneUnderscore() {
    assertThat(OtlpNames.metricName("http.server.request..duration", "", Shape.GAUGE))
        .isEqualTo("http_server_request_duration");
    assertThat(OtlpNames.metricName("a/b-c:d", "", Shape.GAUGE)).isEqualTo("a_b_c:d");
    assertThat(OtlpNames.metricName("2xx.count", "", Shape.GAUGE)).isEqualTo("_2xx_count");
    assertThat(OtlpNames.metricName("...", "", Shape.GAUGE)).isEmpty();
  }

  @Test
  void unitsAreWrittenOutAndAppendedBeforeTypeSuffixes() {
    assertThat(OtlpNames.metricName("http.server.duration", "ms", Shape.DISTRIBUTION))
        .isEqualTo("http_server_duration_milliseconds");
    assertThat(OtlpNames.metricName("process.cpu.time", "s", Shape.COUNTER))
        .isEqualTo("process_cpu_time_seconds_total");
    assertThat(OtlpNames.metricName("network.io", "By", Shape.COUNTER))
        .isEqualTo("network_io_bytes_total");
    assertThat(OtlpNames.metricName("throughput", "By/s", Shape.GAUGE))
        .isEqualTo("throughput_bytes_per_second");
    assertThat(OtlpNames.metricName("rate", "1/s", Shape.GAUGE)).isEqualTo("rate_per_second");
    assertThat(OtlpNames.metricName("temperature", "Cel", Shape.GAUGE))
        .isEqualTo("temperature_celsius");
  }

  @Test
  void annotationsAreNoUnit() {
    assertThat(OtlpNames.metricName("packets", "{packet}", Shape.COUNTER))
        .isEqualTo("packets_total");
    assertThat(OtlpNames.metricName("requests", "{request}/s", Shape.GAUGE))
        .isEqualTo("requests_per_second");
  }

  @Test
  void unitOneIsRatioForGaugesOnly() {
    assertThat(OtlpNames.metricName("cpu.utilization", "1", Shape.GAUGE))
        .isEqualTo("cpu_utilization_ratio");
    assertThat(OtlpNames.metricName("events", "1", Shape.COUNTER)).isEqualTo("events_total");
    assertThat(OtlpNames.metricName("sizes", "1", Shape.DISTRIBUTION)).isEqualTo("sizes");
  }

  @Test
  void aUnitTheNameHoldsIsNotAppendedAgain() {
    assertThat(OtlpNames.metricName("request_duration_seconds", "s", Shape.DISTRIBUTION))
        .isEqualTo("request_duration_seconds");
    assertThat(OtlpNames.metricName("bytes_total", "By", Shape.COUNTER)).isEqualTo("bytes_total");
  }

  @Test
  void countersEndInTotalOnce() {
    assertThat(OtlpNames.metricName("jobs_total", "", Shape.COUNTER)).isEqualTo("jobs_total");
    assertThat(OtlpNames.metricName("jobs.total", "s", Shape.COUNTER))
        .isEqualTo("jobs_seconds_total");
    assertThat(OtlpNames.counterFamily("jobs_seconds_total")).isEqualTo("jobs_seconds");
  }

  @Test
  void unknownUnitsAreKeptAsSanitizedWords() {
    assertThat(OtlpNames.unit("widgets", Shape.GAUGE)).isEqualTo("widgets");
    assertThat(OtlpNames.unit("m.s", Shape.GAUGE)).isEqualTo("m_s");
    assertThat(OtlpNames.unit("%", Shape.GAUGE)).isEqualTo("percent");
    assertThat(OtlpNames.unit("", Shape.GAUGE)).isEmpty();
  }

  @Test
  void labelNamesAreSanitized() {
    assertThat(OtlpNames.labelName("http.method")).isEqualTo("http_method");
    assertThat(OtlpNames.labelName("a..b")).isEqualTo("a_b");
    assertThat(OtlpNames.labelName("__reserved")).isEqualTo("_reserved");
    assertThat(OtlpNames.labelName("0day")).isEqualTo("key_0day");
    assertThat(OtlpNames.labelName("")).isEmpty();
  }
}
