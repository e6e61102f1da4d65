package io.windlass.collector.inputs;

import io.windlass.collector.InputContractTest;
import java.nio.file.Files;

/** {@link NodeCpuInput} passes the contract kit, on a fixture {@code /proc} per instance. */
class NodeCpuInputContractTest extends InputContractTest<NodeCpuInput> {
  private int instances;

  @Override
  protected NodeCpuInput newInput() throws Exception {
    ProcFixture proc =
        new ProcFixture(Files.createDirectories(tempDir.resolve("proc-" + instances++)))
            .install("cpu/stat-1", "stat");
    return new NodeCpuInput(proc.root());
  }

  /** The fixture does not change, so every collect reads the same figures. */
  @Override
  protected boolean deterministicValues() {
    return true;
  }
}
