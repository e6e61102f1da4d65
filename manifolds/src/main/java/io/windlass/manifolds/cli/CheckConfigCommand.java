package io.windlass.manifolds.cli;

import io.windlass.manifolds.config.AgentConfigReader;
import io.windlass.manifolds.config.ConfigException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code windlass check-config FILE}: reads and validates an agent config without running anything.
 * Prints {@code ok} on standard output and exits 0 when the file is valid; otherwise prints every
 * problem, numbered, each with its line and column, on standard error and exits 1.
 */
@Command(
    name = "check-config",
    mixinStandardHelpOptions = true,
    versionProvider = WindlassVersion.class,
    description = "Checks an agent config file and prints every problem in it.")
public final class CheckConfigCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The YAML config file to check.")
  Path file;

  @Override
  public Integer call() {
    try {
      new AgentConfigReader().read(file);
    } catch (ConfigException e) {
      spec.commandLine().getErr().println(e.getMessage());
      spec.commandLine().getErr().flush();
      return 1;
    }
    spec.commandLine().getOut().println("ok");
    spec.commandLine().getOut().flush();
    return 0;
  }
}
