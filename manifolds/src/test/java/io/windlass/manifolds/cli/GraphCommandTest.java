package io.windlass.manifolds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.windlass.manifolds.cli.extra.BrokenModules;
import io.windlass.manifolds.cli.extra.GreeterManifoldModule;
import io.windlass.manifolds.cli.extra.PingerManifoldModule;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GraphCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path dir;

  private int windlass(String... args) {
    CommandLine cli = WindlassCommand.commandLine(new WindlassCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private List<String> lines() {
    return out.toString().lines().map(String::strip).toList();
  }

  private Path config(String yaml) throws Exception {
    return Files.writeString(dir.resolve("windlass.yaml"), yaml);
  }

  @Test
  void printsTheAgentsManifoldsWithWorkerTypesAndInferredEdges() {
    int exit = windlass("graph");

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    assertThat(out.toString()).startsWith("// The windlass manifold graph").endsWith("}\n");
    assertThat(lines())
        .contains(
            "digraph windlass {",
            "\"agent\" [label=\"agent\\nAgentWorker\","
                + " tooltip=\"io.windlass.manifolds.agent.AgentWorker\"];",
            "\"spool\" [label=\"spool\\nSpoolWorker\","
                + " tooltip=\"io.windlass.manifolds.spool.SpoolWorker\"];",
            "\"agent\" -> \"spool\" [style=dashed, label=\"AgentConfig\"];",
            "\"spool\" -> \"collector\" [style=dashed, label=\"MetricFactory\"];",
            "\"spool\" -> \"ingest-socket\" [style=dashed, label=\"MetricFactory\"];")
        .anyMatch(line -> line.startsWith("\"reporter\" [label="))
        .noneMatch(line -> line.startsWith("\"ticker\""));
  }

  @Test
  void theDemoFlagAddsTheDemoManifolds() {
    int exit = windlass("graph", "--demo");

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    assertThat(lines())
        .contains("\"ticker\" -> \"heartbeat\" [style=dashed, label=\"TickCount\"];");
  }

  @Test
  void includesTheConfigsModulesWithoutStartingTheirWorkers() throws Exception {
    GreeterManifoldModule.WORKERS.set(0);
    Path config =
        config(
            "modules:\n  - "
                + GreeterManifoldModule.class.getName()
                + "\n  - "
                + PingerManifoldModule.class.getName()
                + "\n");

    int exit = windlass("graph", "--config", config.toString());

    assertThat(exit).as("exit code; stderr: %s", err).isZero();
    assertThat(lines())
        .contains(
            "\"greeter\" [label=\"greeter\\nGreeterWorker\","
                + " tooltip=\"io.windlass.manifolds.cli.extra.GreeterManifoldModule$GreeterWorker\"];",
            "\"spool\" -> \"greeter\";",
            "\"agent\" -> \"greeter\" [style=dashed, label=\"AgentConfig\"];",
            "\"pinger\" [label=\"pinger\\n(start function)\", tooltip=\"start function\"];",
            "\"agent\" -> \"pinger\";");
    assertThat(GreeterManifoldModule.WORKERS).hasValue(0);
  }

  @Test
  void includesModulesFromJarsOnTheClassPathUnlessTurnedOff() throws Exception {
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader =
        ServiceModuleJar.loader(dir.resolve("extra.jar"), PingerManifoldModule.class.getName())) {
      Thread.currentThread().setContextClassLoader(loader);

      assertThat(windlass("graph")).as("exit code; stderr: %s", err).isZero();
      assertThat(lines()).contains("\"agent\" -> \"pinger\";");

      out.getBuffer().setLength(0);
      assertThat(windlass("graph", "--no-service-modules")).isZero();
      assertThat(lines()).noneMatch(line -> line.contains("pinger"));
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  @Test
  void aModuleThatCannotBeLoadedIsAConfigError() throws Exception {
    Path config = config("modules:\n  - com.example.Missing\n");

    int exit = windlass("graph", "--config", config.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .contains(config + ": modules[0]: com.example.Missing: class not found on the class path");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void anInvalidGraphIsReportedWithEveryProblem() throws Exception {
    Path config = config("modules:\n  - " + BrokenModules.UnknownInput.class.getName() + "\n");

    int exit = windlass("graph", "--config", config.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("cannot build the agent: ")
        .contains("manifold \"orphan\": input \"nowhere\" is not declared by any module");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void anInvalidConfigIsReported() throws Exception {
    Path config = config("spool:\n  max-bytes: 12XB\n");

    int exit = windlass("graph", "--config", config.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains(config + ":2:14: spool.max-bytes");
  }

  @Test
  void quotesAreEscaped() {
    assertThat(GraphCommand.quote("a\"b\\c\nd")).isEqualTo("\"a\\\"b\\\\c\\nd\"");
  }
}
