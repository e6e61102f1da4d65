package io.windlass.collector.inputs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentTest {
  @Test
  void partOfWhole() {
    assertThat(Percent.of(1, 4)).isEqualTo(25.0);
  }

  @Test
  void emptyWholeIsZeroNotNaN() {
    assertThat(Percent.of(0, 0)).isEqualTo(0.0);
    assertThat(Percent.of(5, 0)).isEqualTo(0.0);
    assertThat(Percent.of(5, -1)).isEqualTo(0.0);
  }

  @Test
  void nonFiniteInputIsZero() {
    assertThat(Percent.of(Double.NaN, 10)).isEqualTo(0.0);
    assertThat(Percent.of(1, Double.POSITIVE_INFINITY)).isEqualTo(0.0);
  }
}
