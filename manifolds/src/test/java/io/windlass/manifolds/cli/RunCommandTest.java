package io.windlass.manifolds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.manifolds.cli.extra.BrokenModules;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The run command's refusals: usage errors and the problems found before the engine starts. The
 * runs that start the agent are {@link RunCommandIT}.
 */
class RunCommandTest {
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
  void aListenAddressThatIsNotHostAndPortIsAUsageError() {
    int exit = windlass("run", "--listen", "localhost");

    assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString())
        .contains(
            "Invalid value for option '--listen': \"localhost\" is not host:port (e.g."
                + " 127.0.0.1:9465)");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aListenPortOutOfRangeIsAUsageError() {
    int exit = windlass("run", "--listen", "127.0.0.1:70000");

    assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString())
        .contains(
            "Invalid value for option '--listen': \"127.0.0.1:70000\" has no port from 0 to 65535"
                + " after the last ':'");
  }

  /** A non-loopback address serves every client on the network: it needs a token. */
  @Test
  void aListenAddressBeyondLoopbackWithoutATokenIsAUsageError() {
    int exit = windlass("run", "--listen", "0.0.0.0:9465", "--data-dir", dir.toString());

    assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString())
        .contains("Invalid value for option '--listen': status listen 0.0.0.0 is not a loopback")
        .contains("set status.token");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void anUnknownReportFormatIsAUsageError() {
    int exit = windlass("run", "--report-format", "yaml");

    assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("'yaml' is not a report format: write text or json");
  }

  @Test
  void unreadableDurationIsAUsageError() {
    int exit = windlass("run", "--for", "soon");

    assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("'soon' is not a duration");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aSinkThatIsNotAnHttpUrlIsAUsageError() {
    int exit = windlass("run", "--sink", "ftp://example.com/x");

    assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString())
        .contains(
            "Invalid value for option '--sink': \"ftp://example.com/x\" is not an http or https"
                + " URL with a host");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void anUnknownSinkTypeOrATypeWithoutASinkIsAUsageError() {
    assertThat(windlass("run", "--sink", "http://h:1/w", "--sink-type", "graphite"))
        .isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString())
        .contains("Invalid value for option '--sink-type': \"graphite\" is not a sink type");

    assertThat(windlass("run", "--sink-type", "json")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("--sink-type needs --sink URL");
    assertThat(out.toString()).isEmpty();
  }

  /**
   * Covers a bug where an unusable data directory made run restart the spool and the sockets
   * forever, with a stack trace each time, instead of ending.
   */
  @Test
  void anUnusableDataDirectoryEndsRunAtOnceWithOneSentence() throws IOException {
    Path file = Files.writeString(dir.resolve("data"), "not a directory");

    int exit = windlass("run", "--for", "30s", "--data-dir", file.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo("windlass run: data directory " + file + " is not a directory\n");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aSpoolLinkPlantedInTheDataDirectoryEndsRunWithoutFollowingIt() throws IOException {
    Path data = Files.createDirectory(dir.resolve("data"));
    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
    Files.createSymbolicLink(data.resolve("spool"), elsewhere);

    int exit = windlass("run", "--for", "30s", "--data-dir", data.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "windlass run: "
                + data.resolve("spool")
                + " is a symbolic link, which the agent does not follow: remove it\n");
    try (var inside = Files.list(elsewhere)) {
      assertThat(inside).isEmpty();
    }
  }

  @Test
  void anInvalidConfigIsReportedAndNothingRuns() throws IOException {
    Path config = Files.writeString(dir.resolve("windlass.yaml"), "spool:\n  max-bytes: 12XB\n");

    int exit = windlass("run", "--for", "1s", "--config", config.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .contains(config + ":2:14: spool.max-bytes: \"12XB\" is not a size (use e.g. 512MiB)");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aModuleThatCannotBeLoadedStopsTheRunBeforeTheEngineStarts() throws Exception {
    Path data = dir.resolve("d");
    Path config =
        Files.writeString(
            dir.resolve("windlass.yaml"),
            "modules:\n  - " + BrokenModules.FailingConstructor.class.getName() + "\n");

    int exit =
        windlass(
            "run", "--for", "1s", "--config", config.toString(), "--data-dir", data.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .contains(
            config
                + ": modules[0]: "
                + BrokenModules.FailingConstructor.class.getName()
                + ": its constructor failed: java.lang.IllegalStateException: no licence key");
    assertThat(out.toString()).isEmpty();
    assertThat(data).doesNotExist();
  }
}
