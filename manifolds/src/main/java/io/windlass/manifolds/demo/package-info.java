/**
 * A small demonstration engine, run by {@code windlass run} until the agent's manifolds exist.
 *
 * <p>{@link io.windlass.manifolds.demo.DemoManifoldModule} declares three manifolds:
 *
 * <ul>
 *   <li>{@code ticker} counts ticks and exposes the count as {@link
 *       io.windlass.manifolds.demo.TickCount};
 *   <li>{@code heartbeat} injects {@code TickCount}, so the engine infers its input {@code ticker}
 *       and bounces it whenever the ticker restarts;
 *   <li>{@code reporter} injects the engine's {@link io.windlass.engine.EngineReporter} and prints
 *       the engine report as JSON at a fixed interval.
 * </ul>
 *
 * <p>The demo does no useful work and keeps no state across restarts; it shows the engine running,
 * inferring inputs and reporting.
 */
@NullMarked
package io.windlass.manifolds.demo;

import org.jspecify.annotations.NullMarked;
