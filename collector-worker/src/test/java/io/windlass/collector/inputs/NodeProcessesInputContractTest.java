package io.windlass.collector.inputs;

import io.windlass.collector.InputContractTest;

/** {@link NodeProcessesInput} passes the contract kit, on the fixture {@code /proc}. */
class NodeProcessesInputContractTest extends InputContractTest<NodeProcessesInput> {

  @Override
  protected NodeProcessesInput newInput() {
    return new NodeProcessesInput(ProcFixture.resourceRoot("processes"));
  }

  /** The fixture does not change, so every collect reads the same figures. */
  @Override
  protected boolean deterministicValues() {
    return true;
  }
}
