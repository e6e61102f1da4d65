package io.windlass.collector.inputs;

import io.windlass.collector.InputContractTest;
import java.nio.file.Files;

/** {@link NodeDiskstatsInput} passes the contract kit, on a fixture {@code /proc} per instance. */
class NodeDiskstatsInputContractTest extends InputContractTest<NodeDiskstatsInput> {
  private int instances;

  @Override
  protected NodeDiskstatsInput newInput() throws Exception {
    ProcFixture proc =
        new ProcFixture(Files.createDirectories(tempDir.resolve("proc-" + instances++)))
            .install("diskio/diskstats-1", "diskstats");
    return new NodeDiskstatsInput(proc.root(), NodeDiskstatsInput.DEFAULT_EXCLUDE);
  }

  /** The fixture does not change, so every collect reads the same figures. */
  @Override
  protected boolean deterministicValues() {
    return true;
  }
}
