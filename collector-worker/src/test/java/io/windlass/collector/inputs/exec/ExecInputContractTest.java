package io.windlass.collector.inputs.exec;

import io.windlass.collector.InputContractTest;
import java.time.Duration;
import java.util.List;

/** {@link ExecInput} passes the contract kit, running a command that prints Prometheus text. */
class ExecInputContractTest extends InputContractTest<ExecInput> {

  @Override
  protected ExecInput newInput() {
    return new ExecInput(
        ExecConfig.of(
            List.of(
                "printf",
                "# TYPE queue_depth gauge\\nqueue_depth{queue=\"a\"} 3\\nqueue_depth{queue=\"b\"}"
                    + " 4.5\\n# TYPE jobs_total counter\\njobs_total 1027\\n"),
            Duration.ofSeconds(4),
            ExecFormat.PROMETHEUS));
  }

  /** The command prints the same text every time. */
  @Override
  protected boolean deterministicValues() {
    return true;
  }
}
