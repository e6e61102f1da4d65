package io.windlass.collector.inputs;

import io.windlass.collector.InputContractTest;

/** {@link NetstatInput} passes the contract kit, reading the fixture {@code /proc} in place. */
class NetstatInputContractTest extends InputContractTest<NetstatInput> {

  @Override
  protected NetstatInput newInput() {
    return new NetstatInput(ProcFixture.resourceRoot("netstat"));
  }

  /** The fixture does not change, so every collect reads the same figures. */
  @Override
  protected boolean deterministicValues() {
    return true;
  }
}
