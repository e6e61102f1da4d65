package io.windlass.collector.inputs;

import io.windlass.collector.InputContractTest;
import java.nio.file.Files;

/** {@link NodeNetdevInput} passes the contract kit, on a fixture {@code /proc} per instance. */
class NodeNetdevInputContractTest extends InputContractTest<NodeNetdevInput> {
  private int instances;

  @Override
  protected NodeNetdevInput newInput() throws Exception {
    ProcFixture proc =
        new ProcFixture(Files.createDirectories(tempDir.resolve("proc-" + instances++)))
            .install("net/dev-1", "net/dev");
    return new NodeNetdevInput(proc.root(), NodeNetdevInput.EXCLUDE_NONE);
  }

  /** The fixture does not change, so every collect reads the same figures. */
  @Override
  protected boolean deterministicValues() {
    return true;
  }
}
