package io.windlass.manifolds.cli;

import ch.qos.logback.classic.Level;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
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

  @Option(
      names = "--log-format",
      paramLabel = "text|json",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:" + LogOutput.FORMAT_VARIABLE + ":-text}",
      converter = LogOutput.FormatConverter.class,
      description =
          "How to log on standard error: text, or json (one object per line). Default: "
              + LogOutput.FORMAT_VARIABLE
              + ", else text.")
  LogOutput.Format logFormat = LogOutput.Format.TEXT;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:" + LogOutput.LEVEL_VARIABLE + ":-info}",
      converter = LogOutput.LevelConverter.class,
      description =
          "The least severe events logged: trace, debug, info, warn, error or off. Default: "
              + LogOutput.LEVEL_VARIABLE
              + ", else info.")
  Level logLevel = Level.INFO;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }
}
