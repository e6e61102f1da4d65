package io.windlass.collector.inputs;

import static io.windlass.collector.inputs.ProcFixture.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.collector.InputContractTest;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link DiskioInput} passes the contract kit, each instance on its own fixture host whose counters
 * grow steadily with the input's clock, so rates are reported from the second collect on.
 */
class DiskioInputContractTest extends InputContractTest<DiskioInput> {
  private int instances;

  @Override
  protected DiskioInput newInput() throws Exception {
    GrowingProc host =
        new GrowingProc(Files.createDirectories(tempDir.resolve("proc-" + instances++)))
            .grow("diskio/diskstats-1", "diskstats");
    return new DiskioInput(host.root(), DiskioInput.DEFAULT_SKIP, host);
  }

  /** Every instance reads its own fixture growing the same way. */
  @Override
  protected boolean deterministicValues() {
    return true;
  }

  @Test
  void theFixtureHostMovesOnSoRatesAppearFromTheSecondCollect() throws Exception {
    var input = newInput();
    assertThat(collectOnce(input)).isEmpty();
    assertThat(value(collectOnce(input), "reads_per_sec", Map.of("device", "sda")))
        .isEqualTo(1000.0);
  }
}
