package io.windlass.collector.inputs;

import io.windlass.collector.InputContractTest;
import java.nio.file.Files;

/** {@link NodeLoadInput} passes the contract kit, on a fixture {@code /proc} per instance. */
class NodeLoadInputContractTest extends InputContractTest<NodeLoadInput> {
  private int instances;

  @Override
  protected NodeLoadInput newInput() throws Exception {
    ProcFixture proc =
        new ProcFixture(Files.createDirectories(tempDir.resolve("proc-" + instances++)))
            .install("load/loadavg", "loadavg");
    return new NodeLoadInput(proc.root());
  }

  /** The fixture does not change, so every collect reads the same figures. */
  @Override
  protected boolean deterministicValues() {
    return true;
  }
}
