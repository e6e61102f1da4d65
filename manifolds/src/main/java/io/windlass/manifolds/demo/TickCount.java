package io.windlass.manifolds.demo;

/**
 * The value the {@code ticker} manifold exposes: how many times its running worker has ticked. A
 * worker that injects it depends on {@code ticker} without naming it.
 */
@FunctionalInterface
public interface TickCount {
  /** Ticks so far, counted from this ticker worker's start. */
  long current();
}
