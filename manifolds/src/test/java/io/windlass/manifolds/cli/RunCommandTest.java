package io.windlass.manifolds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.windlass.manifolds.cli.extra.BrokenModules;
import io.windlass.manifolds.cli.extra.GreeterManifoldModule;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path dir;

  private int windlass(String... args) {
    CommandLine cli = new CommandLine(new WindlassCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private List<JsonNode> printedReports() throws Exception {
    List<JsonNode> reports = new ArrayList<>();
    for (String line : out.toString().split("\\R")) {
      if (!line.isBlank()) {
        reports.add(JSON.readTree(line));
      }
    }
    return reports;
  }

  @Test
  void runForThreeSecondsCreatesTheDataLayoutServesTheSocketsAndExitsZero() throws Exception {
    Path data = dir.resolve("d");
    // The status server on a free port, so that the run needs no particular port.
    Path config =
        Files.writeString(dir.resolve("windlass.yaml"), "status:\n  listen: 127.0.0.1:0\n");

    int exit =
        windlass(
            "run",
            "--for",
            "3s",
            "--report-interval",
            "1s",
            "--config",
            config.toString(),
            "--data-dir",
            data.toString());

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    assertThat(data.resolve("spool")).isDirectory();
    assertThat(data.resolve("run")).isDirectory();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("run"))))
        .isEqualTo("rwx------");
    List<JsonNode> reports = printedReports();
    // At start, at least once from the reporter manifold (every second), and on exit.
    assertThat(reports).hasSizeGreaterThanOrEqualTo(3);

    JsonNode atStart = reports.get(0);
    assertThat(atStart.path("state").asText()).isEqualTo("started");
    assertThat(atStart.path("manifolds").properties())
        .extracting(field -> field.getKey() + "=" + field.getValue().path("state").asText())
        .containsExactly(
            "agent=started",
            "collect-socket=started",
            "collector=started",
            "http-ingest=started",
            "ingest-socket=started",
            "reporter=started",
            "send-socket=started",
            "sender=stopped",
            "spool=started",
            "status=started");
    assertThat(atStart.at("/manifolds/spool/report/directory").asText())
        .isEqualTo(data.resolve("spool").toAbsolutePath().toString());
    assertThat(atStart.at("/manifolds/collect-socket/report/socket").asText())
        .isEqualTo(data.resolve("run/collect.sock").toAbsolutePath().toString());
    assertThat(atStart.at("/manifolds/status/report/url").asText())
        .matches("http://127\\.0\\.0\\.1:\\d+/");

    JsonNode fromReporter = reports.get(1);
    assertThat(fromReporter.at("/manifolds/reporter/state").asText()).isEqualTo("started");

    JsonNode atExit = reports.get(reports.size() - 1);
    assertThat(atExit.path("state").asText()).isEqualTo("stopped");
    assertThat(atExit.has("error")).isFalse();
    assertThat(data.resolve("run/collect.sock")).as("removed on stop").doesNotExist();
    assertThat(data.resolve("run/status.url")).as("removed on stop").doesNotExist();
  }

  @Test
  void theDemoFlagAddsTheDemoManifolds() throws Exception {
    int exit = windlass("run", "--demo", "--for", "1s", "--data-dir", dir.resolve("d").toString());

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    JsonNode atStart = printedReports().get(0);
    assertThat(atStart.at("/manifolds/ticker/state").asText()).isEqualTo("started");
    assertThat(atStart.at("/manifolds/heartbeat/state").asText()).isEqualTo("started");
    assertThat(atStart.at("/manifolds/heartbeat/inputs"))
        .extracting(JsonNode::asText)
        .as("heartbeat injects TickCount, so its input is inferred")
        .containsExactly("ticker");
  }

  @Test
  void nonPositiveReportIntervalIsAUsageError() {
    int exit = windlass("run", "--report-interval", "0s");

    assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("--report-interval").contains("must be > 0");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void unreadableDurationIsAUsageError() {
    int exit = windlass("run", "--for", "soon");

    assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("'soon' is not a duration");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void theSinkOptionsStartASenderToThatUrl() throws Exception {
    int exit =
        windlass(
            "run",
            "--for",
            "1s",
            "--data-dir",
            dir.resolve("d").toString(),
            "--sink",
            "http://127.0.0.1:9/api/v1/write",
            "--sink-type",
            "json");

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    JsonNode sender = printedReports().get(0).at("/manifolds/sender");
    assertThat(sender.path("state").asText()).isEqualTo("started");
    assertThat(sender.at("/report/sink").asText()).isEqualTo("http://127.0.0.1:9/api/v1/write");
    assertThat(sender.at("/report/type").asText()).isEqualTo("json");
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

  @Test
  void withoutAConfigTheAgentRunsOnTheDefaults() throws Exception {
    int exit = windlass("run", "--for", "1s", "--data-dir", dir.resolve("d").toString());

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    JsonNode agent = printedReports().get(0).at("/manifolds/agent");
    assertThat(agent.path("state").asText()).isEqualTo("started");
    assertThat(agent.at("/report/config").asText()).isEqualTo("(defaults)");
    assertThat(printedReports().get(0).path("manifolds").has("ticker"))
        .as("the demo runs only with --demo")
        .isFalse();
  }

  @Test
  void configAndDataDirOptionsReachTheAgent() throws Exception {
    Path config = Files.writeString(dir.resolve("windlass.yaml"), "agent:\n  tag: from-file\n");
    Path data = dir.resolve("data");

    int exit =
        windlass(
            "run", "--for", "1s", "--config", config.toString(), "--data-dir", data.toString());

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    JsonNode agent = printedReports().get(0).at("/manifolds/agent");
    assertThat(agent.path("state").asText()).isEqualTo("started");
    assertThat(agent.at("/report/config").asText()).isEqualTo(config.toString());
    assertThat(agent.at("/report/tag").asText()).isEqualTo("from-file");
    assertThat(agent.at("/report/data-dir").asText()).isEqualTo(data.toString());
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
  void theConfigsExtraModulesRunWithTheAgent() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("windlass.yaml"),
            "modules:\n  - " + GreeterManifoldModule.class.getName() + "\n");

    int exit =
        windlass(
            "run",
            "--for",
            "1s",
            "--config",
            config.toString(),
            "--data-dir",
            dir.resolve("d").toString());

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    JsonNode greeter = printedReports().get(0).at("/manifolds/greeter");
    assertThat(greeter.path("state").asText()).isEqualTo("started");
    assertThat(greeter.path("inputs"))
        .extracting(JsonNode::asText)
        .containsExactly("agent", "spool");
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
