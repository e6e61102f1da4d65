package io.windlass.collector.inputs;

import io.windlass.collector.InputContractTest;
import java.nio.file.Files;

/** {@link NodeMemInput} passes the contract kit, on a fixture {@code /proc} per instance. */
class NodeMemInputContractTest extends InputContractTest<NodeMemInput> {
  private int instances;

  @Override
  protected NodeMemInput newInput() throws Exception {
    ProcFixture proc =
        new ProcFixture(Files.createDirectories(tempDir.resolve("proc-" + instances++)))
            .install("mem/meminfo", "meminfo");
    return new NodeMemInput(proc.root());
  }

  /** The fixture does not change, so every collect reads the same figures. */
  @Override
  protected boolean deterministicValues() {
    return true;
  }
}
