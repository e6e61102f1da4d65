package io.windlass.manifolds.status;

import io.windlass.engine.EngineReport;
import io.windlass.engine.ManifoldReport;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Whether the agent is healthy, as {@code GET /healthz} answers: the engine has started and every
 * manifold that should run is running. A manifold should run unless it has completed (stopped
 * without an error, as a disabled worker does); one starting, stopping, or stopped with an error
 * (failed and waiting to restart, or missing an input) is down.
 *
 * @param down one line per thing not running, {@code <name>: <state>[: <error>]}, the engine first;
 *     empty when healthy
 */
record Health(List<String> down) {

  Health {
    down = List.copyOf(down);
  }

  /** The health the report shows. */
  static Health of(EngineReport report) {
    List<String> down = new ArrayList<>();
    if (!report.state().equals("started")) {
      down.add(line("engine", report.state(), report.error()));
    }
    report
        .manifolds()
        .forEach(
            (name, manifold) -> {
              if (!shouldRunButDoesNot(manifold)) {
                return;
              }
              down.add(line(name, manifold.state(), manifold.error()));
            });
    return new Health(down);
  }

  private static boolean shouldRunButDoesNot(ManifoldReport manifold) {
    return switch (manifold.state()) {
      case "started" -> false;
      case "stopped" -> manifold.error() != null;
      default -> true;
    };
  }

  private static String line(String name, String state, @Nullable String error) {
    return error == null ? name + ": " + state : name + ": " + state + ": " + error;
  }

  boolean healthy() {
    return down.isEmpty();
  }

  /** The names of what is down: the first word of each line. */
  List<String> names() {
    return down.stream().map(line -> line.substring(0, line.indexOf(':'))).toList();
  }

  /** The {@code /healthz} body: {@code ok}, or what is not running, one per line. */
  String text() {
    if (healthy()) {
      return "ok";
    }
    return "not running: " + String.join(", ", names()) + "\n" + String.join("\n", down);
  }
}
