package io.windlass.manifolds.health;

import io.windlass.engine.EngineReport;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Whether the agent is healthy, as {@code GET /healthz} answers and the console's overview shows:
 * the engine has started and every manifold that should run is running. A manifold should run
 * unless it has completed (stopped without an error, as a disabled worker does); one starting,
 * stopping, or stopped with an error (failed and waiting to restart, or missing an input) is down
 * ({@link ManifoldHealth#down()}).
 *
 * @param down one line per thing not running, {@code <name>: <state>[: <error>]}, the engine first;
 *     empty when healthy
 */
public record Health(List<String> down) {

  /** Copies the lines. */
  public Health {
    down = List.copyOf(down);
  }

  /** The health the report shows. */
  public static Health of(EngineReport report) {
    List<String> down = new ArrayList<>();
    if (!report.state().equals("started")) {
      down.add(line("engine", report.state(), report.error()));
    }
    report
        .manifolds()
        .forEach(
            (name, manifold) -> {
              if (ManifoldHealth.of(manifold).down()) {
                down.add(line(name, manifold.state(), manifold.error()));
              }
            });
    return new Health(down);
  }

  private static String line(String name, String state, @Nullable String error) {
    return error == null ? name + ": " + state : name + ": " + state + ": " + error;
  }

  /** Whether nothing is down. */
  public boolean healthy() {
    return down.isEmpty();
  }

  /** The names of what is down: the first word of each line. */
  public List<String> names() {
    return down.stream().map(line -> line.substring(0, line.indexOf(':'))).toList();
  }

  /** The {@code /healthz} body: {@code ok}, or what is not running, one per line. */
  public String text() {
    if (healthy()) {
      return "ok";
    }
    return "not running: " + String.join(", ", names()) + "\n" + String.join("\n", down);
  }
}
