package io.windlass.manifolds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class WindlassCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int windlass(String... args) {
    CommandLine cli = WindlassCommand.commandLine(new WindlassCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void versionPrintsTheProjectVersion() {
    assertThat(windlass("--version")).isZero();
    assertThat(out.toString().strip()).matches("windlass \\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void noSubcommandPrintsUsageAndFails() {
    assertThat(windlass()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("Usage: windlass").contains("run").contains("check-config");
  }

  @Test
  void logOptionsAreTakenBeforeOrAfterTheSubcommand() {
    WindlassCommand top = new WindlassCommand();
    WindlassCommand.commandLine(top)
        .parseArgs("run", "--log-format", "json", "--log-level", "debug");
    assertThat(top.logFormat).isEqualTo(LogOutput.Format.JSON);
    assertThat(top.logLevel).isEqualTo(Level.DEBUG);

    WindlassCommand before = new WindlassCommand();
    WindlassCommand.commandLine(before).parseArgs("--log-format", "json", "spool", "ls");
    assertThat(before.logFormat).isEqualTo(LogOutput.Format.JSON);
    assertThat(before.logLevel).isEqualTo(Level.INFO);
  }

  @Test
  void anUnknownLogFormatIsAUsageError() {
    assertThat(windlass("check-config", "x.yaml", "--log-format", "xml"))
        .isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("'xml' is not a log format: write text or json");
  }

  @Test
  void everyCommandIsListed() {
    assertThat(windlass("--help")).isZero();
    assertThat(out.toString())
        .contains("run", "check-config", "add-metric", "send-now", "report", "spool", "graph");
  }

  @Test
  void theCommandLineForArgsHoldsOnlyTheSubcommandTheyName() {
    assertThat(subcommandsFor("run", "--for", "1s")).containsExactly("run");
    assertThat(subcommandsFor("--log-level", "debug", "check-config", "x.yaml"))
        .containsExactly("check-config");
    assertThat(subcommandsFor("--log-format=json", "spool", "ls")).containsExactly("spool");
  }

  @Test
  void theCommandLineForArgsNamingNoKnownSubcommandHoldsThemAll() {
    List<String> all =
        List.of("run", "check-config", "add-metric", "send-now", "report", "spool", "graph");
    assertThat(subcommandsFor()).containsExactlyElementsOf(all);
    assertThat(subcommandsFor("--help")).containsExactlyElementsOf(all);
    assertThat(subcommandsFor("--version")).containsExactlyElementsOf(all);
    assertThat(subcommandsFor("runn")).containsExactlyElementsOf(all);
    assertThat(subcommandsFor("--bogus", "run")).containsExactlyElementsOf(all);
    assertThat(subcommandsFor("--log-format", "xml", "run")).containsExactlyElementsOf(all);
  }

  @Test
  void theCommandLineForArgsTakesTheLogOptionsBeforeAndAfterTheSubcommand() {
    WindlassCommand top = new WindlassCommand();
    String[] args = {"--log-format", "json", "run", "--log-level", "debug"};
    WindlassCommand.commandLine(top, args).parseArgs(args);
    assertThat(top.logFormat).isEqualTo(LogOutput.Format.JSON);
    assertThat(top.logLevel).isEqualTo(Level.DEBUG);
  }

  /** Arguments that print usage or an error without running anything. */
  static List<Arguments> argsAnsweredWithoutRunning() {
    return List.of(
        Arguments.of((Object) new String[] {"run", "--help"}),
        Arguments.of((Object) new String[] {"--log-level", "warn", "report", "--help"}),
        Arguments.of((Object) new String[] {"run", "--bogus"}),
        Arguments.of((Object) new String[] {"run", "--for", "-1s"}),
        Arguments.of((Object) new String[] {"check-config"}),
        Arguments.of((Object) new String[] {"spool", "--help"}),
        Arguments.of((Object) new String[] {"graph", "extra"}),
        Arguments.of((Object) new String[] {"runn"}),
        Arguments.of((Object) new String[] {"--help"}));
  }

  @ParameterizedTest
  @MethodSource("argsAnsweredWithoutRunning")
  void theCommandLineForArgsAnswersAsTheFullOneDoes(String[] args) {
    StringWriter fullOut = new StringWriter();
    StringWriter fullErr = new StringWriter();
    CommandLine full = WindlassCommand.commandLine(new WindlassCommand());
    full.setOut(new PrintWriter(fullOut, true));
    full.setErr(new PrintWriter(fullErr, true));
    int fullCode = full.execute(args);

    CommandLine forArgs = WindlassCommand.commandLine(new WindlassCommand(), args);
    forArgs.setOut(new PrintWriter(out, true));
    forArgs.setErr(new PrintWriter(err, true));

    assertThat(forArgs.execute(args)).isEqualTo(fullCode);
    assertThat(out.toString()).isEqualTo(fullOut.toString());
    assertThat(err.toString()).isEqualTo(fullErr.toString());
  }

  private static List<String> subcommandsFor(String... args) {
    return List.copyOf(
        WindlassCommand.commandLine(new WindlassCommand(), args).getSubcommands().keySet());
  }
}
