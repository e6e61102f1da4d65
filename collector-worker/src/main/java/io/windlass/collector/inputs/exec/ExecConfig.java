package io.windlass.collector.inputs.exec;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A command to run.
 *
 * @param command program and arguments; not empty
 * @param timeout how long one run may take; > 0
 * @param format how its stdout is parsed
 * @param maxOutputBytes the longest stdout accepted; > 0
 */
public record ExecConfig(
    List<String> command, Duration timeout, ExecFormat format, int maxOutputBytes) {
  /** The default {@code maxOutputBytes}: 4 MiB. */
  public static final int DEFAULT_MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

  /** Validates and copies. */
  public ExecConfig {
    command = List.copyOf(command);
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(format, "format");
    if (command.isEmpty()) {
      throw new IllegalArgumentException("exec command must not be empty");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("exec timeout " + timeout + " must be > 0");
    }
    if (maxOutputBytes <= 0) {
      throw new IllegalArgumentException("exec maxOutputBytes " + maxOutputBytes + " must be > 0");
    }
  }

  /** A config with the default output limit. */
  public static ExecConfig of(List<String> command, Duration timeout, ExecFormat format) {
    return new ExecConfig(command, timeout, format, DEFAULT_MAX_OUTPUT_BYTES);
  }
}
