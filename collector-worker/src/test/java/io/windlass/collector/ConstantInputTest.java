package io.windlass.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example input passes the contract kit. */
class ConstantInputTest extends InputContractTest<ConstantInput> {

  @Override
  protected ConstantInput newInput() {
    return new ConstantInput(Map.of("answer", 42.0, "ratio", 0.5));
  }

  @Override
  protected boolean deterministicValues() {
    return true;
  }

  @Test
  void reportsItsValuesAndCountsItsCollects() throws Exception {
    ConstantInput input = newInput();
    collectOnce(input);
    assertThat(collectOnce(input))
        .containsExactly(
            Metric.of("answer", Map.of("source", "fixed"), 42.0),
            Metric.of("ratio", Map.of("source", "fixed"), 0.5),
            Metric.of("collects", 2));
  }

  @Test
  void updateFromTakesOverTheCount() throws Exception {
    ConstantInput old = newInput();
    collectOnce(old);
    ConstantInput replacement = newInput();
    replacement.updateFrom(old);
    assertThat(replacement.debugInfo()).containsEntry("collects", 1L);
  }
}
