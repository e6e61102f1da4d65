package io.windlass.manifolds.cli;

import picocli.CommandLine;

/**
 * The entry point of {@code windlass.jar}: runs {@link WindlassCommand} and exits with its code.
 * Before the command runs, logging is set up from {@code --log-format} and {@code --log-level}
 * ({@link LogOutput}).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line as the jar runs it: logging configured from the options, then the command. */
  static CommandLine commandLine() {
    WindlassCommand top = new WindlassCommand();
    CommandLine cli = new CommandLine(top);
    cli.setExecutionStrategy(
        parseResult -> {
          LogOutput.configure(top.logFormat, top.logLevel);
          return new CommandLine.RunLast().execute(parseResult);
        });
    return cli;
  }
}
