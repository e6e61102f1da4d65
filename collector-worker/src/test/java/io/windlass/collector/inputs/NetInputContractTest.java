package io.windlass.collector.inputs;

import static io.windlass.collector.inputs.ProcFixture.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.collector.InputContractTest;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link NetInput} passes the contract kit, each instance on its own fixture host whose counters
 * grow steadily with the input's clock, so rates are reported from the second collect on.
 */
class NetInputContractTest extends InputContractTest<NetInput> {
  private int instances;

  @Override
  protected NetInput newInput() throws Exception {
    GrowingProc host =
        new GrowingProc(Files.createDirectories(tempDir.resolve("proc-" + instances++)))
            .grow("net/dev-1", "net/dev");
    return new NetInput(host.root(), NetInput.DEFAULT_EXCLUDE, host);
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
    assertThat(value(collectOnce(input), "bytes_recv_per_sec", Map.of("interface", "eth0")))
        .isEqualTo(5_000_000.0);
  }
}
