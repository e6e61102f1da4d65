package io.windlass.manifolds.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeclaredMetricsTest {

  @Test
  void anyAcceptsEveryKeyAsAGauge() {
    assertThat(DeclaredMetrics.any().kindOf("whatever.it.is")).contains(MetricKind.GAUGE);
  }

  @Test
  void declaredAcceptOnlyMatchingKeysWithTheFirstMatchingKind() {
    DeclaredMetrics declared =
        DeclaredMetrics.of(
            List.of(
                new DeclaredMetric("net.bytes-sent", MetricKind.COUNTER),
                new DeclaredMetric("net.*", MetricKind.ABSOLUTE),
                new DeclaredMetric("disk.*.used", MetricKind.GAUGE)));

    assertThat(declared.kindOf("net.bytes-sent")).contains(MetricKind.COUNTER);
    assertThat(declared.kindOf("net.packets")).contains(MetricKind.ABSOLUTE);
    assertThat(declared.kindOf("disk.sda.used")).contains(MetricKind.GAUGE);
    assertThat(declared.kindOf("disk.sda.free")).isEmpty();
    assertThat(declared.kindOf("cpu")).isEmpty();
  }

  @Test
  void aWildcardMatchesAnyRunOfCharactersDotsIncluded() {
    DeclaredMetric disk = new DeclaredMetric("disk.*", MetricKind.GAUGE);

    assertThat(disk.matches("disk.used")).isTrue();
    assertThat(disk.matches("disk.sda.used")).isTrue();
    assertThat(disk.matches("disk.")).isTrue();
    assertThat(disk.matches("disk")).isFalse();
    assertThat(disk.matches("diskette.used")).isFalse();
  }

  @Test
  void declaredMetricsMustListAtLeastOne() {
    assertThatThrownBy(() -> DeclaredMetrics.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("declared metrics must list at least one metric");
  }

  @Test
  void aMalformedNameIsRefused() {
    assertThatThrownBy(() -> new DeclaredMetric("cpu..usage", MetricKind.GAUGE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("declared metric name \"cpu..usage\" is malformed");
  }
}
