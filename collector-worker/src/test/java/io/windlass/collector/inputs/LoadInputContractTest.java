package io.windlass.collector.inputs;

import io.windlass.collector.InputContractTest;
import java.nio.file.Files;

/** {@link LoadInput} passes the contract kit, on a fixture {@code /proc} per instance. */
class LoadInputContractTest extends InputContractTest<LoadInput> {
  private int instances;

  @Override
  protected LoadInput newInput() throws Exception {
    ProcFixture proc =
        new ProcFixture(Files.createDirectories(tempDir.resolve("proc-" + instances++)))
            .install("load/loadavg", "loadavg")
            .install("load/stat", "stat");
    return new LoadInput(proc.root());
  }

  /** The fixture does not change, so every collect reads the same figures. */
  @Override
  protected boolean deterministicValues() {
    return true;
  }
}
