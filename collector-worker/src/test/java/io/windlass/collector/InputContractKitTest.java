package io.windlass.collector;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kit fails inputs that break the contract. */
class InputContractKitTest {

  @TempDir Path dir;

  private InputContractTest<Input> kit(Supplier<Input> inputs) {
    InputContractTest<Input> kit =
        new InputContractTest<>() {
          @Override
          protected Input newInput() {
            return inputs.get();
          }

          @Override
          protected Duration collectTimeout() {
            return Duration.ofMillis(200);
          }
        };
    kit.tempDir = dir;
    return kit;
  }

  private static long sharedCount;

  @Test
  void failsInstancesThatShareState() {
    InputContractTest<Input> kit =
        kit(
            () ->
                acc -> {
                  sharedCount++;
                  acc.addMetric(
                      Metric.of(
                          "count",
                          java.util.Map.of("parity", sharedCount % 2 == 0 ? "even" : "odd"),
                          1));
                });

    assertThatThrownBy(kit::instancesShareNoMutableState).isInstanceOf(AssertionError.class);
  }

  @Test
  void failsACollectThatBlocksPastItsTimeout() {
    InputContractTest<Input> kit = kit(() -> acc -> new CountDownLatch(1).await());

    assertThatThrownBy(kit::collectReturnsWithinItsTimeout)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("took longer than PT0.2S");
  }

  @Test
  void failsNonFiniteValues() {
    InputContractTest<Input> kit = kit(() -> acc -> acc.addMetric(Metric.of("v", Double.NaN)));

    assertThatThrownBy(kit::metricsAreWellFormed).isInstanceOf(AssertionError.class);
  }

  @Test
  void failsNamesThatCarryTheDefaultPrefix() {
    InputContractTest<Input> kit =
        kit(
            () ->
                new InputWithPrefix() {
                  @Override
                  public String defaultPrefix() {
                    return "system.";
                  }

                  @Override
                  public void collect(Accumulator acc) {
                    acc.addMetric(Metric.of("system.load", 1));
                  }
                });

    assertThatThrownBy(kit::namesLeaveOutTheDefaultPrefix).isInstanceOf(AssertionError.class);
  }

  @Test
  void failsMetricsTheSpoolRefuses() {
    InputContractTest<Input> kit =
        kit(() -> acc -> acc.addMetric(Metric.of("v", java.util.Map.of("bad.key", "x"), 1)));

    assertThatThrownBy(kit::thePipelineWritesEveryMetricWithThePrefix)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("metrics the spool refused");
  }
}
