package io.windlass.manifolds.cli;

import ch.qos.logback.classic.Level;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code windlass}: the top command. Given no subcommand, it prints its usage and fails.
 *
 * <p>Its subcommands ({@link #SUBCOMMANDS}) are added when its command line is built ({@link
 * #commandLine(WindlassCommand)}), not named in its annotation, so that the command line for a
 * given run can hold just the subcommand it runs ({@link #commandLine(WindlassCommand,
 * String...)}).
 */
@Command(
    name = "windlass",
    mixinStandardHelpOptions = true,
    versionProvider = WindlassVersion.class,
    description = "Runs workers declared as manifolds on the Windlass dependency engine.")
public final class WindlassCommand implements Callable<Integer> {

  /** The subcommands, in the order the usage lists them. */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          RunCommand.class,
          CheckConfigCommand.class,
          AddMetricCommand.class,
          SendNowCommand.class,
          ReportCommand.class,
          SpoolCommand.class,
          GraphCommand.class);

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

  /** The command line of {@code top} with every subcommand. */
  static CommandLine commandLine(WindlassCommand top) {
    return commandLine(top, CommandLine.defaultFactory());
  }

  /** The command line of {@code top} with every subcommand, each created by {@code factory}. */
  static CommandLine commandLine(WindlassCommand top, CommandLine.IFactory factory) {
    CommandLine cli = new CommandLine(top, factory);
    SUBCOMMANDS.forEach(cli::addSubcommand);
    return cli;
  }

  /**
   * The command line of {@code top} to run {@code args}: with only the subcommand {@code args}
   * name, if they name one, else with every subcommand. Picocli creates each subcommand it is given
   * (running its class's initializer: some build a JSON mapper) and reads its model by reflection,
   * which for all of them costs {@code windlass run} a tenth of a second of its start on a cold
   * JVM; the one subcommand is enough to parse and run {@code args}, as its usage and errors do not
   * list the others. Without a subcommand ({@code --help}, {@code --version}, none) or with one
   * that is not known, the usage lists them all, as it should.
   */
  static CommandLine commandLine(WindlassCommand top, String... args) {
    Optional<Class<?>> named = subcommandNamed(args);
    if (named.isEmpty()) {
      return commandLine(top);
    }
    CommandLine cli = new CommandLine(top);
    cli.addSubcommand(named.get());
    return cli;
  }

  /**
   * The subcommand {@code args} name: the first argument that is not one of this command's options,
   * as picocli parses them, if it is a subcommand's name. Empty when there is none, or the options
   * before it are not valid (the full command line then reports them).
   */
  static Optional<Class<?>> subcommandNamed(String... args) {
    List<String> rest;
    try {
      rest =
          new CommandLine(new WindlassCommand())
              .setStopAtUnmatched(true)
              .parseArgs(args)
              .unmatched();
    } catch (ParameterException e) {
      return Optional.empty();
    }
    if (rest.isEmpty()) {
      return Optional.empty();
    }
    String name = rest.get(0);
    return SUBCOMMANDS.stream()
        .filter(command -> command.getAnnotation(Command.class).name().equals(name))
        .findFirst();
  }
}
