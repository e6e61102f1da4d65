package io.windlass.manifolds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckConfigCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path dir;

  private int windlass(String... args) {
    CommandLine cli = WindlassCommand.commandLine(new WindlassCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void aValidFilePrintsOkAndExitsZero() throws IOException {
    Path file = Files.writeString(dir.resolve("windlass.yaml"), "spool:\n  max-bytes: 1GiB\n");

    assertThat(windlass("check-config", file.toString())).isZero();
    assertThat(out.toString()).isEqualTo("ok" + System.lineSeparator());
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void anEmptyFileIsValid() throws IOException {
    Path file = Files.writeString(dir.resolve("windlass.yaml"), "");

    assertThat(windlass("check-config", file.toString())).isZero();
    assertThat(out.toString().strip()).isEqualTo("ok");
  }

  @Test
  void anInvalidFilePrintsEveryProblemAndExitsOne() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("windlass.yaml"), "spool:\n  max-bytes: 12XB\nsockts:\n  timeout: 1s\n");

    assertThat(windlass("check-config", file.toString())).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().strip())
        .isEqualTo(
            String.join(
                "\n",
                "Agent configuration errors:",
                "",
                "1) " + file + ":2:14: spool.max-bytes: \"12XB\" is not a size (use e.g. 512MiB)",
                "",
                "2) " + file + ":3:1: sockts: unknown section (did you mean sockets?)",
                "",
                "2 errors"));
  }

  @Test
  void aMissingFileIsAProblemAndExitsOne() {
    Path file = dir.resolve("nowhere.yaml");

    assertThat(windlass("check-config", file.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("1) " + file + ": cannot read: no such file");
  }

  @Test
  void noFileIsAUsageError() {
    assertThat(windlass("check-config")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("Missing required parameter: 'FILE'");
  }
}
