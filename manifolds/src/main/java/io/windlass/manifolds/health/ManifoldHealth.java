package io.windlass.manifolds.health;

import io.windlass.engine.ManifoldReport;
import java.util.Locale;

/**
 * What a manifold's state in the engine report means for the agent's health: the one rule {@code
 * /healthz}, InfluxDB's {@code /health}, {@code windlass_healthy} and the web console all read.
 */
public enum ManifoldHealth {
  /** Its worker runs ({@code started}). */
  RUNNING,
  /**
   * It stopped without an error, as a disabled worker or a sender without a sink does by design: it
   * waits for an input to change, and is not down.
   */
  COMPLETED,
  /**
   * It stopped with an error, or is starting again after one: the engine reports a worker that
   * failed and waits out its restart delay (or is being started again) as {@code starting}, with
   * the error it failed with, until a worker runs again.
   */
  FAILED,
  /** It is starting or stopping otherwise. */
  CHANGING;

  /** What {@code manifold}'s state means. */
  public static ManifoldHealth of(ManifoldReport manifold) {
    return switch (manifold.state()) {
      case "started" -> RUNNING;
      case "stopped" -> manifold.error() == null ? COMPLETED : FAILED;
      case "starting" -> manifold.error() == null ? CHANGING : FAILED;
      default -> CHANGING;
    };
  }

  /** Whether a manifold in this health should run but does not: it makes the agent unhealthy. */
  public boolean down() {
    return this == FAILED || this == CHANGING;
  }

  /**
   * Its name in documents: {@code running}, {@code completed}, {@code failed}, {@code changing}.
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
