package io.windlass.manifolds.report;

import io.windlass.engine.EngineReport;
import io.windlass.engine.ManifoldReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lines {@code windlass run} prints once the agent has started, for example:
 *
 * <pre>
 * windlass dev: agent host-1 running, 10 manifolds started
 * data:    /var/lib/windlass (spool in /var/lib/windlass/spool)
 * console: http://127.0.0.1:9465/
 * sink:    none: batches stay in the spool (set sink.url or run with --sink URL to forward them)
 * </pre>
 *
 * <p>A manifold that is neither running nor completed by design adds a line naming it.
 */
public final class StartLines {
  private StartLines() {}

  /**
   * The start lines.
   *
   * @param version the agent's version
   * @param tag the agent's tag
   * @param report the engine report once the agent started (or gave up waiting)
   * @param dataDir the data directory
   * @param console the status server's base URL, or why there is none
   * @param sink the sink's URL; empty without one
   */
  public static List<String> of(
      String version,
      String tag,
      EngineReport report,
      Path dataDir,
      String console,
      Optional<String> sink) {
    List<String> lines = new ArrayList<>();
    long started =
        report.manifolds().values().stream().filter(m -> m.state().equals("started")).count();
    lines.add(
        "windlass "
            + version
            + ": agent "
            + tag
            + " running, "
            + started
            + (started == 1 ? " manifold" : " manifolds")
            + " started");
    List<String> down = new ArrayList<>();
    report
        .manifolds()
        .forEach(
            (name, manifold) -> {
              if (!runningOrCompleted(manifold)) {
                down.add(
                    name
                        + " ("
                        + manifold.state()
                        + (manifold.error() == null ? "" : ": " + manifold.error())
                        + ")");
              }
            });
    if (!down.isEmpty()) {
      lines.add("not running: " + String.join(", ", down));
    }
    Path data = dataDir.toAbsolutePath();
    lines.add("data:    " + data + " (spool in " + data.resolve("spool") + ")");
    lines.add("console: " + console);
    lines.add(
        "sink:    "
            + sink.orElse(
                "none: batches stay in the spool (set sink.url or run with --sink URL to forward"
                    + " them)"));
    return lines;
  }

  private static boolean runningOrCompleted(ManifoldReport manifold) {
    return manifold.state().equals("started")
        || manifold.state().equals("stopped") && manifold.error() == null;
  }
}
