package io.windlass.manifolds.cli;

import java.util.Properties;
import picocli.CommandLine;

/**
 * The entry point of {@code windlass.jar}: runs {@link WindlassCommand} and exits with its code.
 * Before the command runs, logging is set up from {@code --log-format} and {@code --log-level}
 * ({@link LogOutput}).
 */
public final class Main {
  private Main() {}

  /**
   * The system property with which Guice generates no bytecode ({@code DISABLED}): it then builds
   * objects by plain reflection instead of first generating a class per constructor it calls, and
   * has no method interception (no {@code bindInterceptor}), which no module of the agent uses.
   */
  static final String GUICE_BYTECODE_GEN = "guice_bytecode_gen_option";

  public static void main(String[] args) {
    withoutGuiceBytecode(System.getProperties());
    System.exit(commandLine(args).execute(args));
  }

  /**
   * Sets {@link #GUICE_BYTECODE_GEN} to {@code DISABLED} in {@code properties} unless it is set
   * (with {@code -Dguice_bytecode_gen_option=ENABLED} for an extra module that intercepts methods).
   * Generating a class per constructor costs the agent's start tens of milliseconds on a cold JVM
   * and saves nothing at the agent's few injections. Guice reads the property once, as its classes
   * initialize: this must come first.
   */
  static void withoutGuiceBytecode(Properties properties) {
    properties.putIfAbsent(GUICE_BYTECODE_GEN, "DISABLED");
  }

  /**
   * The command line as the jar runs {@code args} ({@link WindlassCommand#commandLine(
   * WindlassCommand, String...)}): logging configured from the options, then the command.
   */
  static CommandLine commandLine(String... args) {
    WindlassCommand top = new WindlassCommand();
    CommandLine cli = WindlassCommand.commandLine(top, args);
    cli.setExecutionStrategy(
        parseResult -> {
          LogOutput.configure(top.logFormat, top.logLevel);
          return new CommandLine.RunLast().execute(parseResult);
        });
    return cli;
  }
}
