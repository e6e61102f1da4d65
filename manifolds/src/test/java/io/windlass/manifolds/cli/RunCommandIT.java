package io.windlass.manifolds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * The run command running the agent in this JVM for a second or a few, its status server on a free
 * port, and the reports it prints.
 */
class RunCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The status server on a free port, so that a run needs no particular port. */
  private static final String FREE_STATUS_PORT = "status:\n  listen: 127.0.0.1:0\n";

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path dir;

  private int windlass(String... args) {
    CommandLine cli = WindlassCommand.commandLine(new WindlassCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  /** A config file with {@code yaml} and the status server on a free port. */
  private Path config(String yaml) throws IOException {
    return Files.writeString(dir.resolve("windlass.yaml"), yaml + FREE_STATUS_PORT);
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
    Path config = config("");

    int exit =
        windlass(
            "run",
            "--report-format",
            "json",
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

  /**
   * By default standard output is a few lines for a person: what runs, where the data is, the
   * console's URL (here on the address {@code --listen} gave, over the config's), the sink, and a
   * last line at exit; no JSON report.
   */
  @Test
  void byDefaultRunPrintsAFewLinesWithTheConsoleUrlAndNoJson() throws Exception {
    Path data = dir.resolve("d");
    Path config = Files.writeString(dir.resolve("windlass.yaml"), "inputs: []\n");

    int exit =
        windlass(
            "run",
            "--for",
            "1s",
            "--listen",
            "127.0.0.1:0",
            "--config",
            config.toString(),
            "--data-dir",
            data.toString());

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    List<String> lines = List.of(out.toString().split("\\R"));
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).matches("windlass \\S+: agent \\S+ running, 9 manifolds started");
    assertThat(lines.get(1))
        .isEqualTo(
            "data:    "
                + data.toAbsolutePath()
                + " (spool in "
                + data.toAbsolutePath().resolve("spool")
                + ")");
    assertThat(lines.get(2)).matches("console: http://127\\.0\\.0\\.1:\\d+/");
    assertThat(lines.get(2)).doesNotEndWith(":9465/");
    assertThat(lines.get(3)).startsWith("sink:    none: batches stay in the spool");
    assertThat(lines.get(4)).isEqualTo("stopped");
    assertThat(lines).noneMatch(line -> line.startsWith("{"));
  }

  @Test
  void aReportIntervalAddsAOneLineSummary() throws Exception {
    int exit =
        windlass(
            "run",
            "--for",
            "3s",
            "--report-interval",
            "1s",
            "--config",
            config("inputs: []\n").toString(),
            "--data-dir",
            dir.resolve("d").toString());

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    assertThat(out.toString().split("\\R"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .matches(
                        "summary: samples in \\d+ \\(\\+\\d+\\), out 0 \\(\\+0\\); spool \\S+"
                            + " of 512MiB \\(\\d+%\\), backlog \\d+ batch(es)?, oldest \\S+;"
                            + " sink none"))
        .noneMatch(line -> line.startsWith("{"));
  }

  @Test
  void theDemoFlagAddsTheDemoManifolds() throws Exception {
    int exit =
        windlass(
            "run",
            "--report-format",
            "json",
            "--demo",
            "--for",
            "1s",
            "--config",
            config("").toString(),
            "--data-dir",
            dir.resolve("d").toString());

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
  void theSinkOptionsStartASenderToThatUrl() throws Exception {
    int exit =
        windlass(
            "run",
            "--report-format",
            "json",
            "--for",
            "1s",
            "--config",
            config("").toString(),
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

  /**
   * A config that sets only the status port: the rest is the defaults. (Without any config the
   * status server would take its default port, 9465, which a test must not count on; the agent
   * manifold's own test covers running without a config file.)
   */
  @Test
  void aConfigThatOnlyMovesTheStatusPortRunsTheAgentOnTheDefaults() throws Exception {
    Path config = config("");

    int exit =
        windlass(
            "run",
            "--report-format",
            "json",
            "--for",
            "1s",
            "--config",
            config.toString(),
            "--data-dir",
            dir.resolve("d").toString());

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    JsonNode agent = printedReports().get(0).at("/manifolds/agent");
    assertThat(agent.path("state").asText()).isEqualTo("started");
    assertThat(agent.at("/report/config").asText()).isEqualTo(config.toString());
    assertThat(agent.at("/report/tag").asText()).as("the default tag").startsWith("agent-");
    assertThat(printedReports().get(0).path("manifolds").has("ticker"))
        .as("the demo runs only with --demo")
        .isFalse();
  }

  @Test
  void configAndDataDirOptionsReachTheAgent() throws Exception {
    Path config = config("agent:\n  tag: from-file\n");
    Path data = dir.resolve("data");

    int exit =
        windlass(
            "run",
            "--report-format",
            "json",
            "--for",
            "1s",
            "--config",
            config.toString(),
            "--data-dir",
            data.toString());

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    JsonNode agent = printedReports().get(0).at("/manifolds/agent");
    assertThat(agent.path("state").asText()).isEqualTo("started");
    assertThat(agent.at("/report/config").asText()).isEqualTo(config.toString());
    assertThat(agent.at("/report/tag").asText()).isEqualTo("from-file");
    assertThat(agent.at("/report/data-dir").asText()).isEqualTo(data.toString());
  }

  @Test
  void theConfigsExtraModulesRunWithTheAgent() throws Exception {
    Path config = config("modules:\n  - " + GreeterManifoldModule.class.getName() + "\n");

    int exit =
        windlass(
            "run",
            "--report-format",
            "json",
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
}
