package io.windlass.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetricKindTest {
  @Test
  void parsesLabelsIgnoringCase() {
    assertThat(MetricKind.fromLabel("gauge")).isEqualTo(MetricKind.GAUGE);
    assertThat(MetricKind.fromLabel("Absolute")).isEqualTo(MetricKind.ABSOLUTE);
    assertThat(MetricKind.fromLabel("COUNTER")).isEqualTo(MetricKind.COUNTER);
    assertThatThrownBy(() -> MetricKind.fromLabel("histogram"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metric kind \"histogram\" is not one of gauge, absolute, counter");
  }

  @Test
  void onlyGaugesGoNegative() {
    assertThat(MetricKind.GAUGE.allowsNegative()).isTrue();
    assertThat(MetricKind.ABSOLUTE.allowsNegative()).isFalse();
    assertThat(MetricKind.COUNTER.allowsNegative()).isFalse();
  }
}
