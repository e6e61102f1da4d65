package io.windlass.manifolds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class WindlassCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int windlass(String... args) {
    CommandLine cli = new CommandLine(new WindlassCommand());
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
    new CommandLine(top).parseArgs("run", "--log-format", "json", "--log-level", "debug");
    assertThat(top.logFormat).isEqualTo(LogOutput.Format.JSON);
    assertThat(top.logLevel).isEqualTo(Level.DEBUG);

    WindlassCommand before = new WindlassCommand();
    new CommandLine(before).parseArgs("--log-format", "json", "spool", "ls");
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
}
