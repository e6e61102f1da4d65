package io.windlass.collector.inputs;

import static io.windlass.collector.inputs.ProcFixture.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.collector.InputContractTest;
import io.windlass.collector.Metric;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link SwapInput} passes the contract kit, each instance on its own fixture host whose swap
 * counters grow steadily with the input's clock, so traffic is reported from the second collect on.
 */
class SwapInputContractTest extends InputContractTest<SwapInput> {
  private int instances;

  @Override
  protected SwapInput newInput() throws Exception {
    GrowingProc host =
        new GrowingProc(Files.createDirectories(tempDir.resolve("proc-" + instances++)))
            .install("swap/meminfo", "meminfo")
            .grow("swap/vmstat-1", "vmstat");
    return new SwapInput(host.root(), SwapInput.DEFAULT_PAGE_SIZE, host);
  }

  /** Every instance reads its own fixture growing the same way. */
  @Override
  protected boolean deterministicValues() {
    return true;
  }

  @Test
  void theFixtureHostMovesOnSoTrafficAppearsFromTheSecondCollect() throws Exception {
    var input = newInput();
    assertThat(collectOnce(input)).extracting(Metric::name).doesNotContain("in_bytes_per_sec");
    assertThat(value(collectOnce(input), "in_bytes_per_sec", Map.of()))
        .isEqualTo(100.0 * SwapInput.DEFAULT_PAGE_SIZE);
  }
}
