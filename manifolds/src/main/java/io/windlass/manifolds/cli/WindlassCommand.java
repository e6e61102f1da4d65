package io.windlass.manifolds.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code windlass}: the top command. Given no subcommand, it prints its usage and fails. */
@Command(
    name = "windlass",
    mixinStandardHelpOptions = true,
    versionProvider = WindlassVersion.class,
    description = "Runs workers declared as manifolds on the Windlass dependency engine.",
    subcommands = {
      RunCommand.class,
      CheckConfigCommand.class,
      AddMetricCommand.class,
      SendNowCommand.class,
      ReportCommand.class,
      SpoolCommand.class,
      GraphCommand.class
    })
public final class WindlassCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }
}
