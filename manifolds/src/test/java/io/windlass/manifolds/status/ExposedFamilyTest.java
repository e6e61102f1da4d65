package io.windlass.manifolds.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.spool.MetricFamily;
import io.windlass.spool.MetricType;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ExposedFamilyTest {
  private static final Map<String, MetricFamily> FAMILIES =
      List.of(
              new MetricFamily("requests", MetricType.COUNTER, "Requests served.", ""),
              new MetricFamily("errors_total", MetricType.COUNTER, "", ""),
              new MetricFamily("temperature", MetricType.GAUGE, "Room temperature.", "celsius"),
              new MetricFamily("latency", MetricType.HISTOGRAM, "Request latency.", "seconds"),
              new MetricFamily("rpc", MetricType.SUMMARY, "RPC time.", ""),
              new MetricFamily("build", MetricType.INFO, "Build.", ""),
              new MetricFamily("legacy", MetricType.UNKNOWN, "Old.", ""))
          .stream()
          .collect(Collectors.toMap(MetricFamily::name, f -> f));

  private static final Function<String, @Nullable MetricFamily> DESCRIBED = FAMILIES::get;

  private static ExposedFamily of(String key) {
    return ExposedFamily.of(key, DESCRIBED, false);
  }

  @Test
  void typesACounterOrGaugeUnderItsOwnNameOrACounterUnderItsTotal() {
    assertThat(of("requests_total")).isEqualTo(new ExposedFamily("counter", "Requests served."));
    assertThat(of("requests")).isEqualTo(new ExposedFamily("counter", "Requests served."));
    assertThat(of("errors_total")).isEqualTo(new ExposedFamily("counter", null));
    assertThat(of("temperature")).isEqualTo(new ExposedFamily("gauge", "Room temperature."));
  }

  @Test
  void leavesTheSamplesOfHistogramsSummariesAndOtherTypesUntypedWithTheirHelp() {
    assertThat(of("latency_bucket")).isEqualTo(new ExposedFamily("untyped", "Request latency."));
    assertThat(of("latency_sum")).isEqualTo(new ExposedFamily("untyped", "Request latency."));
    assertThat(of("latency_count")).isEqualTo(new ExposedFamily("untyped", "Request latency."));
    assertThat(of("rpc")).isEqualTo(new ExposedFamily("untyped", "RPC time."));
    assertThat(of("build")).isEqualTo(new ExposedFamily("untyped", "Build."));
    assertThat(of("legacy")).isEqualTo(new ExposedFamily("untyped", "Old."));
  }

  @Test
  void typesAKeyNoBatchDescribedByItsDeclaredKindAsBefore() {
    assertThat(ExposedFamily.of("hits", DESCRIBED, true))
        .isEqualTo(new ExposedFamily("counter", null));
    assertThat(ExposedFamily.of("temperature_total", DESCRIBED, false))
        .as("the _total of a gauge is not its counter")
        .isEqualTo(new ExposedFamily("gauge", null));
  }
}
