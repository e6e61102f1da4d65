package io.windlass.collector.inputs.dialcheck;

import static io.windlass.collector.BoolToDouble.boolToDouble;

import io.windlass.collector.Accumulator;
import io.windlass.collector.InputWithPrefix;
import io.windlass.collector.Metric;
import io.windlass.collector.nsenter.InputExtNsEnter;
import io.windlass.collector.nsenter.NsEnterException;
import io.windlass.collector.nsenter.NsEnterRequest;
import io.windlass.collector.nsenter.NsEnterTarget;
import io.windlass.collector.nsenter.RequestExecutor;
import java.time.Duration;
import java.util.Objects;

/**
 * Dials a TCP port every run ({@link Dialcheck}), in the agent's namespace or a pod's. Metric names
 * get the prefix {@code dialcheck.}. When the helper fails, the run reports {@code up} 0: a port
 * that cannot be checked counts as down.
 */
public final class DialcheckInput extends InputExtNsEnter implements InputWithPrefix {
  /** Time allowed for starting the helper JVM, on top of the connect timeout. */
  public static final Duration HELPER_START_ALLOWANCE = Duration.ofSeconds(15);

  private final DialcheckConfig config;

  /** Dials {@code config} at {@code target}, running helpers through {@code executor}. */
  public DialcheckInput(DialcheckConfig config, NsEnterTarget target, RequestExecutor executor) {
    super(target, executor);
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  public String defaultPrefix() {
    return "dialcheck.";
  }

  @Override
  protected void collectInProcess(Accumulator accumulator) {
    Dialcheck.check(config).forEach(accumulator::addMetric);
  }

  @Override
  public NsEnterRequest serializeRequest() {
    return new NsEnterRequest(
        config,
        DialcheckAction.TYPE,
        config.toJson(),
        config.connectTimeout().plus(HELPER_START_ALLOWANCE));
  }

  @Override
  public void generateErrorMetrics(
      NsEnterRequest request, NsEnterException failure, Accumulator accumulator) {
    DialcheckConfig dialed = (DialcheckConfig) request.state();
    accumulator.addMetric(Metric.of(Dialcheck.UP, Dialcheck.tags(dialed), boolToDouble(false)));
  }
}
