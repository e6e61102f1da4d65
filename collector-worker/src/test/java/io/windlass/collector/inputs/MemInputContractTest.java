package io.windlass.collector.inputs;

import io.windlass.collector.InputContractTest;
import java.nio.file.Files;

/** {@link MemInput} passes the contract kit, on a fixture {@code /proc} per instance. */
class MemInputContractTest extends InputContractTest<MemInput> {
  private int instances;

  @Override
  protected MemInput newInput() throws Exception {
    ProcFixture proc =
        new ProcFixture(Files.createDirectories(tempDir.resolve("proc-" + instances++)))
            .install("mem/meminfo", "meminfo");
    return new MemInput(proc.root());
  }

  /** The fixture does not change, so every collect reads the same figures. */
  @Override
  protected boolean deterministicValues() {
    return true;
  }
}
