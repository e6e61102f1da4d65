package io.windlass.collector.inputs;

import static io.windlass.collector.inputs.ProcFixture.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.collector.Accumulator;
import io.windlass.collector.InputContractTest;
import io.windlass.collector.InputWithPrefix;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link CpuInput} passes the contract kit. It reads no clock, so the fixture host's time is moved
 * on after each collect by a thin wrapper; the input under test is the real one, per CPU.
 */
class CpuInputContractTest extends InputContractTest<CpuInputContractTest.OnGrowingHost> {
  private int instances;

  /** A CpuInput on its own fixture host, whose counters grow after each collect. */
  record OnGrowingHost(CpuInput input, GrowingProc host) implements InputWithPrefix {
    @Override
    public String defaultPrefix() {
      return input.defaultPrefix();
    }

    @Override
    public void collect(Accumulator accumulator) throws Exception {
      input.collect(accumulator);
      host.getAsLong();
    }
  }

  @Override
  protected OnGrowingHost newInput() throws Exception {
    GrowingProc host =
        new GrowingProc(Files.createDirectories(tempDir.resolve("proc-" + instances++)))
            .grow("cpu/stat-1", "stat");
    return new OnGrowingHost(new CpuInput(host.root(), true), host);
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
    assertThat(value(collectOnce(input), "usage_active", Map.of("cpu", "cpu-total")))
        .isEqualTo(18.0);
  }
}
