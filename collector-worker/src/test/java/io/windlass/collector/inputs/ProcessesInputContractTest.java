package io.windlass.collector.inputs;

import io.windlass.collector.InputContractTest;

/** {@link ProcessesInput} passes the contract kit, reading the fixture {@code /proc} in place. */
class ProcessesInputContractTest extends InputContractTest<ProcessesInput> {

  @Override
  protected ProcessesInput newInput() {
    return new ProcessesInput(ProcFixture.resourceRoot("processes"));
  }

  /** The fixture does not change, so every collect reads the same figures. */
  @Override
  protected boolean deterministicValues() {
    return true;
  }
}
