package io.windlass.manifolds.console;

import io.windlass.engine.EngineReport;
import io.windlass.engine.ManifoldReport;
import io.windlass.manifolds.health.ManifoldHealth;
import io.windlass.manifolds.stats.AgentStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/console/v1/manifolds}: the engine graph, each manifold with its state, inputs and
 * history, and a layer for drawing it: a manifold's layer is one more than its deepest input's, so
 * inputs are always drawn to the left of what uses them.
 *
 * @param engineState the engine's state
 * @param engineError what the engine is stopping or stopped with, if anything
 * @param manifolds every installed manifold, by name
 */
record ManifoldsDocument(String engineState, @Nullable String engineError, List<Node> manifolds) {

  /**
   * One manifold.
   *
   * @param name its name
   * @param state {@code starting}, {@code started}, {@code stopping} or {@code stopped}
   * @param health what the state means: {@code running}, {@code completed} (stopped without an
   *     error, as a disabled worker is), {@code failed} (stopped with an error, or starting again
   *     after one: the engine restarts it after its error delay, with backoff), or {@code changing}
   *     (starting or stopping otherwise)
   * @param inputs the manifolds it needs, sorted
   * @param layer 0 for one with no installed input, else one more than its deepest input's
   * @param startCount how many times its worker reached running
   * @param restarts starts after the first
   * @param started when its current or last worker reached running, ISO-8601; null if never
   * @param error what its last worker or start ended with, if anything
   * @param workerError the latest error its running worker reports in its typed stats (the sender's
   *     failed request or rejected batch), if any; the worker runs on regardless
   */
  record Node(
      String name,
      String state,
      String health,
      List<String> inputs,
      int layer,
      int startCount,
      int restarts,
      @Nullable String started,
      @Nullable String error,
      @Nullable String workerError) {}

  public ManifoldsDocument {
    manifolds = List.copyOf(manifolds);
  }

  static ManifoldsDocument of(EngineReport report, AgentStats stats) {
    Map<String, Integer> layers = layers(report.manifolds());
    Map<String, String> workerErrors = workerErrors(stats);
    List<Node> nodes = new ArrayList<>();
    report
        .manifolds()
        .forEach(
            (name, m) ->
                nodes.add(
                    new Node(
                        name,
                        m.state(),
                        health(m),
                        m.inputs(),
                        layers.get(name),
                        m.startCount(),
                        Math.max(0, m.startCount() - 1),
                        m.startedUtc(),
                        m.error(),
                        workerErrors.get(name))));
    return new ManifoldsDocument(report.state(), report.error(), nodes);
  }

  /** The running workers' own latest errors, by manifold, from their typed stats. */
  static Map<String, String> workerErrors(AgentStats stats) {
    Map<String, String> errors = new HashMap<>();
    stats
        .sender()
        .read()
        .flatMap(sender -> sender.stats().lastError())
        .ifPresent(error -> errors.put(SenderDocument.SENDER, error));
    return errors;
  }

  /** What the manifold's state means ({@link ManifoldHealth}), as a word. */
  static String health(ManifoldReport manifold) {
    return ManifoldHealth.of(manifold).label();
  }

  /** Each manifold's layer; inputs that are not installed count for nothing. */
  static Map<String, Integer> layers(Map<String, ManifoldReport> manifolds) {
    Map<String, Integer> layers = new HashMap<>();
    for (String name : manifolds.keySet()) {
      layer(name, manifolds, layers, new ArrayList<>());
    }
    return layers;
  }

  private static int layer(
      String name,
      Map<String, ManifoldReport> manifolds,
      Map<String, Integer> layers,
      List<String> path) {
    Integer known = layers.get(name);
    if (known != null) {
      return known;
    }
    if (path.contains(name)) {
      return 0; // a cycle, which the engine refuses to install: draw it flat rather than fail
    }
    path.add(name);
    int layer = 0;
    for (String input : manifolds.get(name).inputs()) {
      if (manifolds.containsKey(input)) {
        layer = Math.max(layer, layer(input, manifolds, layers, path) + 1);
      }
    }
    path.remove(path.size() - 1);
    layers.put(name, layer);
    return layer;
  }
}
