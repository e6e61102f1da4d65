package io.windlass.manifolds.cli;

import picocli.CommandLine;

/**
 * The entry point of {@code windlass.jar}: runs {@link WindlassCommand} and exits with its code.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new WindlassCommand()).execute(args));
  }
}
