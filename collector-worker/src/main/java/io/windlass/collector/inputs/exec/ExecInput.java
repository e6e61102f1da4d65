package io.windlass.collector.inputs.exec;

import io.windlass.collector.Accumulator;
import io.windlass.collector.InputExt;
import io.windlass.collector.Metric;
import io.windlass.collector.process.TimedProcess;
import io.windlass.spool.ingest.format.MetricParseException;
import io.windlass.spool.ingest.format.ParseResult;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a command and adds the metrics its stdout holds.
 *
 * <p>The command gets an empty stdin. A run fails (throws) when the command outlives the timeout
 * (it and its children are killed first), exits non-zero (the message carries the end of its
 * stderr), writes more than the output limit, or writes text that does not parse (the message names
 * the line); a failed run adds no metrics. NaN and infinite samples and Influx string fields are
 * dropped and counted in {@link #debugInfo()}.
 */
public final class ExecInput implements InputExt {
  private final ExecConfig config;
  private final AtomicLong nonFiniteDropped = new AtomicLong();
  private final AtomicLong stringFieldsSkipped = new AtomicLong();

  /** Runs {@code config}'s command. */
  public ExecInput(ExecConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  public void collect(Accumulator accumulator) throws Exception {
    TimedProcess.Outcome outcome =
        TimedProcess.run(config.command(), new byte[0], config.timeout(), config.maxOutputBytes());
    String program = config.command().get(0);
    if (outcome.exitCode() != 0) {
      String stderr = outcome.stderrTail().strip();
      throw new IOException(
          program
              + " exited with status "
              + outcome.exitCode()
              + (stderr.isEmpty() ? "" : ": " + stderr));
    }
    if (outcome.stdoutTruncated()) {
      throw new IOException(
          program + " wrote more than " + config.maxOutputBytes() + " bytes to stdout");
    }
    ParseResult result;
    try {
      result = config.format().parse(outcome.stdoutText());
    } catch (MetricParseException e) {
      throw new IOException(program + " output, " + e.getMessage(), e);
    }
    nonFiniteDropped.addAndGet(result.nonFiniteDropped());
    stringFieldsSkipped.addAndGet(result.stringFieldsSkipped());
    result.families().forEach(accumulator::describe);
    result.metrics().forEach(sample -> accumulator.addMetric(Metric.from(sample)));
  }

  @Override
  public Map<String, Object> debugInfo() {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("command", config.command());
    info.put("nonFiniteDropped", nonFiniteDropped.get());
    info.put("stringFieldsSkipped", stringFieldsSkipped.get());
    return info;
  }
}
