package io.windlass.manifolds.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
}
