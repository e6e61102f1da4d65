package io.windlass.manifolds.cli;

import com.google.inject.CreationException;
import com.google.inject.Key;
import com.google.inject.Module;
import io.windlass.engine.Engine;
import io.windlass.engine.Manifold;
import io.windlass.engine.ManifoldGraph;
import io.windlass.manifolds.agent.AgentOptions;
import io.windlass.manifolds.config.ConfigException;
import io.windlass.manifolds.demo.DemoSettings;
import io.windlass.manifolds.report.ReportFormat;
import io.windlass.manifolds.report.ReportPrinter;
import io.windlass.manifolds.report.ReportSchedule;
import io.windlass.manifolds.report.Terminal;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code windlass graph}: prints the manifold graph {@code run} would run, in Graphviz DOT, without
 * starting a worker. It builds the engine from the same modules as {@code run} ({@link
 * AgentModules}, with the config's extra modules and those on the class path), which validates the
 * graph, and reads {@link Engine#graph()}.
 *
 * <p>A node per manifold, labelled with its name and worker type; an edge from each input to the
 * manifold that needs it: solid when the input is written in the declaration, dashed and labelled
 * with the injected types when it is inferred from the worker's injection points (solid and
 * labelled when both). Render it with {@code windlass graph | dot -Tsvg > graph.svg}.
 *
 * <p>Exit 0 with the graph on standard output; 1 with every problem on standard error when the
 * config, an extra module or the graph is invalid; 2 for bad options.
 */
@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    versionProvider = WindlassVersion.class,
    description = {
      "Prints the agent's manifold graph in Graphviz DOT, without starting anything.",
      "A node per manifold with its worker type; an edge from each input to the manifold that"
          + " needs it, dashed when inferred from an injected type.",
      "Render it with: windlass graph | dot -Tsvg > graph.svg"
    })
public final class GraphCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "The agent config (YAML) whose modules to include, as for run.")
  @Nullable Path configFile;

  @Option(names = "--demo", description = "Include the demo manifolds, as run --demo does.")
  boolean demo;

  @Option(
      names = "--no-service-modules",
      description = "Leave out the manifold modules found on the class path, as for run.")
  boolean noServiceModules;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Engine engine;
    try {
      List<Module> extra = AgentModules.extra(configFile, !noServiceModules);
      engine =
          AgentModules.engine(
              AgentModules.of(
                  AgentOptions.of(configFile, null),
                  new ReportSchedule(Duration.ZERO, ReportFormat.TEXT),
                  new Terminal(new PrintWriter(Writer.nullWriter())),
                  new ReportPrinter(new PrintWriter(Writer.nullWriter())),
                  demo ? DemoSettings.defaults() : null,
                  extra));
    } catch (ConfigException e) {
      err.println(e.getMessage());
      err.flush();
      return 1;
    } catch (CreationException e) {
      err.println("cannot build the agent: " + e.getMessage());
      err.flush();
      return 1;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(dot(engine.graph()));
    out.flush();
    return 0;
  }

  /** {@code graph} in Graphviz DOT, one statement per line. */
  static String dot(ManifoldGraph graph) {
    StringBuilder out = new StringBuilder();
    out.append(
            "// The windlass manifold graph. Edges lead from an input to the manifold that needs")
        .append(" it:\n// solid when declared, dashed when inferred from the injected types")
        .append(" on the edge.\n");
    out.append("digraph windlass {\n");
    out.append("  rankdir=LR;\n");
    out.append("  node [shape=box, fontname=\"Helvetica\"];\n");
    out.append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
    for (ManifoldGraph.Node node : graph.nodes()) {
      out.append("  ")
          .append(quote(node.name()))
          .append(" [label=")
          .append(quote(node.name() + "\n" + workerLabel(node.manifold())))
          .append(", tooltip=")
          .append(quote(workerDescription(node.manifold())))
          .append("];\n");
    }
    for (ManifoldGraph.Node node : graph.nodes()) {
      for (String input : node.inputs()) {
        out.append("  ").append(quote(input)).append(" -> ").append(quote(node.name()));
        List<Key<?>> keys = node.keysFrom(input);
        String label = keys.stream().map(GraphCommand::shortName).collect(Collectors.joining("\n"));
        if (!node.isExplicit(input)) {
          out.append(" [style=dashed, label=").append(quote(label)).append("]");
        } else if (!keys.isEmpty()) {
          out.append(" [label=").append(quote(label)).append("]");
        }
        out.append(";\n");
      }
    }
    out.append("}\n");
    return out.toString();
  }

  /** The worker's simple type name, or {@code (start function)}. */
  private static String workerLabel(Manifold manifold) {
    return manifold.worker() instanceof Manifold.InjectedWorker w
        ? shortName(w.key())
        : "(start function)";
  }

  /** The worker's full type, or what the start function is. */
  private static String workerDescription(Manifold manifold) {
    return manifold.worker() instanceof Manifold.InjectedWorker w
        ? describe(w.key())
        : "start function";
  }

  private static String shortName(Key<?> key) {
    String type = key.getTypeLiteral().getRawType().getSimpleName();
    return key.getAnnotationType() == null
        ? type
        : "@" + key.getAnnotationType().getSimpleName() + " " + type;
  }

  private static String describe(Key<?> key) {
    String type = key.getTypeLiteral().toString();
    return key.getAnnotation() != null ? key.getAnnotation() + " " + type : type;
  }

  /** A DOT string: in double quotes, with quotes and backslashes escaped, line breaks as \n. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> {}
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
